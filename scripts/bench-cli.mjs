// Module-wide CLI cost: `go-escape ./...` against a bare `go build -gcflags=-m ./...` of the same
// real module (a pinned third-party module from the module proxy, copied into a temp dir), each
// run after the same kind of change: an exported function appended to a package that others
// import, with a body unique to the run, so that the package and its dependents recompile every
// time. Rounds alternate which command goes first; the figure is the median of paired ratios.
// Target (issue 16): at most 1.1x.
//
// Usage: npm run bench:cli [-- --rounds N] [-- --module module@version] [-- --package DIR]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkoutModule } from './lib/thirdParty.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rounds = Number(opt('--rounds', 7));
const spec = opt('--module', 'go.uber.org/zap@v1.28.0');
const editedPackage = opt('--package', 'zapcore');
const cli = path.join(root, 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  console.error('dist/cli.js not found: run `npm run build` first');
  process.exit(2);
}

const env = { ...process.env, GOFLAGS: '-mod=mod', GOPROXY: 'off', GOTOOLCHAIN: 'local', GOWORK: 'off' };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function timed(cmd, cmdArgs, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} exited ${r.status}: ${r.stderr.slice(-1000)}`);
  return { ms, out: r.stdout + r.stderr };
}

const m = checkoutModule(spec);
try {
  const dir = m.dir;
  const target = fs.readdirSync(path.join(dir, editedPackage)).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go')).sort()[0];
  const file = path.join(dir, editedPackage, target);
  const original = fs.readFileSync(file, 'utf8');
  let edits = 0;
  const change = () => {
    edits++;
    fs.writeFileSync(file, `${original}\n// BenchEdit${edits} is appended by scripts/bench-cli.mjs.\nfunc BenchEdit${edits}() *[${edits}]int {\n\tv := [${edits}]int{}\n\treturn &v\n}\n`);
  };
  const ours = () => timed(process.execPath, [cli, './...'], dir);
  const bare = () => timed('go', ['build', '-gcflags=-m', './...'], dir);

  // Warm-up: the module's packages compiled once by each, dependencies in the build cache.
  change();
  const warmOurs = ours();
  change();
  const warmBare = bare();
  const findings = warmOurs.out.split('\n').filter((l) => /: (moved to heap|.* escapes to heap)/.test(l)).length;
  console.log(`${spec}: ${findings} findings from go-escape ./... (warm-up ${Math.round(warmOurs.ms)} ms, bare ${Math.round(warmBare.ms)} ms); edited ${editedPackage}/${target} each run`);

  const rows = [];
  for (let i = 0; i < rounds; i++) {
    const order = i % 2 === 0 ? ['ours', 'bare'] : ['bare', 'ours'];
    const t = {};
    for (const which of order) {
      change();
      t[which] = (which === 'ours' ? ours() : bare()).ms;
    }
    rows.push({ ours: t.ours, bare: t.bare, ratio: t.ours / t.bare });
    console.log(`  round ${i + 1} (${order[0]} first): go-escape ${Math.round(t.ours)} ms, bare go build ${Math.round(t.bare)} ms, ratio ${(t.ours / t.bare).toFixed(3)}`);
  }
  const r = median(rows.map((x) => x.ratio));
  console.log(
    `go-escape ./... vs go build -gcflags=-m ./... after the same change: median of paired ratios ${r.toFixed(3)}x ` +
      `(go-escape median ${Math.round(median(rows.map((x) => x.ours)))} ms, bare median ${Math.round(median(rows.map((x) => x.bare)))} ms, n=${rounds}; ` +
      `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs) target <= 1.1x: ${r <= 1.1 ? 'pass' : 'FAIL'}`,
  );
} finally {
  m.dispose();
}
