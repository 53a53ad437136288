// Generates the standard-library facts shipped with the extension for the installed Go release:
// `go build -gcflags=all=-m=1 std`, learned package by package the way facts of imported packages
// are learned in the editor (packageFacts.ts), written compactly to data/stdfacts/go1.N.json.gz.
// Predictions without a toolchain (untrusted workspaces, `go-escape --predict`) use them.
//
// Usage: npm run build && node scripts/gen-std-facts.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';
import { listPackages } from './eval/compiler.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = (p) => require(path.join(root, 'out/server/src/core', p));
const { createGoParser } = core('treesitter/parser.js');
const { leakMessagesByPackage, packageKnowledge } = core('predict/facts/packageFacts.js');
const { emptyKnowledge, mergeKnowledge } = core('predict/facts/knowledge.js');
const { encodeShippedFacts } = core('predict/facts/shippedFacts.js');

const go = process.env.GO ?? 'go';
const version = execFileSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' }).trim();
const minor = /^go1\.(\d+)/.exec(version)?.[1];
if (!minor) throw new Error(`unexpected Go version ${version}`);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-stdfacts-'));
try {
  // A build cache of its own: a cached build of the user's replays paths relative to where it ran.
  const env = { ...process.env, GOFLAGS: '', GOWORK: 'off', GOTOOLCHAIN: 'local', GOCACHE: path.join(tmp, 'gocache'), GOOS: 'linux', GOARCH: 'amd64', CGO_ENABLED: '1' };
  fs.writeFileSync(path.join(tmp, 'go.mod'), 'module stdfacts\n\ngo 1.21\n');
  const t0 = Date.now();
  const r = spawnSync(go, ['build', '-gcflags=all=-m=1', 'std'], { cwd: tmp, env, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`go build std failed:\n${r.stderr.slice(-2000)}`);
  const messages = leakMessagesByPackage(r.stderr, tmp);
  const parser = await createGoParser();
  const all = emptyKnowledge();
  const listed = listPackages(go, tmp, ['std'], env);
  for (const p of listed) mergeKnowledge(all, packageKnowledge(parser, { importPath: p.importPath, files: p.files }, messages.get(p.importPath) ?? [], `${p.importPath}.`));
  const out = path.join(root, 'data', 'stdfacts', `go1.${minor}.json.gz`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const data = zlib.gzipSync(Buffer.from(JSON.stringify(encodeShippedFacts(all, version))), { level: 9 });
  fs.writeFileSync(out, data);
  console.log(`${version}: ${listed.length} packages, ${all.functions.size} functions, ${all.interfaces.size} interfaces -> ${path.relative(root, out)} (${(data.length / 1024).toFixed(0)} KiB) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
