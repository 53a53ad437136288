// Times annotateFindings (no-allocation, package initialisation and inlined-callee labels) on a
// real module: gin v1.12.0 from the module proxy, copied into a temporary directory, its root
// package with its tests. Prints the first run (which lists dependencies with `go list` and reads
// their files) and the median of later runs (dependency types already read), per finding count.
// Usage: npx tsc -b && node scripts/bench-annotate.mjs [runs]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'out', 'server', 'src', 'core');
const { analyzePackage, DEFAULT_ANALYZE_SETTINGS } = require(path.join(out, 'compiler', 'analyze.js'));
const { explainFindings } = require(path.join(out, 'explain', 'classify.js'));
const { annotateFindings } = require(path.join(out, 'explain', 'annotate.js'));
const { parsePackage } = require(path.join(out, 'explain', 'packageSyntax.js'));
const { TypeWorld } = require(path.join(out, 'explain', 'typeWorld.js'));
const { GoDependencyReader } = require(path.join(out, 'explain', 'dependencySources.js'));

const runs = Number(process.argv[2] ?? 7);
const env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'https://proxy.golang.org', GOTOOLCHAIN: 'local' };
const info = JSON.parse(execFileSync('go', ['mod', 'download', '-json', 'github.com/gin-gonic/gin@v1.12.0'], { env, cwd: os.tmpdir() }).toString());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-bench-'));
try {
  fs.cpSync(info.Dir, dir, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', dir]);
  const settings = { ...DEFAULT_ANALYZE_SETTINGS, env: { GOFLAGS: '-mod=mod', GOPROXY: 'https://proxy.golang.org' } };
  const r = await analyzePackage({ dir, explain: true, tests: true, settings });
  if (r.status !== 'ok') throw new Error(r.summary);
  explainFindings(r.findings, r.goVersion);
  const texts = new Map(fs.readdirSync(dir).filter((n) => n.endsWith('.go')).map((n) => [path.join(dir, n), fs.readFileSync(path.join(dir, n), 'utf8')]).filter(([, t]) => !/^package \w+_test\b/m.test(t)));
  const pkg = await parsePackage(texts);
  const world = new TypeWorld(new GoDependencyReader(settings));
  const time = async () => {
    const t = process.hrtime.bigint();
    await annotateFindings(r.findings, { pkg, world, compilerOutput: r.stderr, cwd: dir });
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const first = await time();
  const later = [];
  for (let i = 0; i < runs; i++) later.push(await time());
  later.sort((a, b) => a - b);
  const noalloc = r.findings.filter((f) => f.category === 'noalloc').length;
  console.log(`gin v1.12.0 with tests: ${r.findings.length} findings (${noalloc} noalloc), ${texts.size} files`);
  console.log(`first annotate: ${first.toFixed(0)} ms (lists and reads dependencies)`);
  console.log(`later annotates: median ${later[later.length >> 1].toFixed(0)} ms (range ${later[0].toFixed(0)}-${later[later.length - 1].toFixed(0)}), n=${runs}`);
  console.log(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  pkg.dispose();
  world.dispose();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
