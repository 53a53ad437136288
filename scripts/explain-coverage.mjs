// How many heap findings on real code get an explanation: runs `go-escape --explain ./...`'s
// analysis (the core, from out/) on pinned third-party modules from the module proxy and counts
// the `moved to heap` and `escapes to heap` findings whose rule is still `unexplained`.
// Target (issue 15): below 0.5% of them.
//
// Usage: npm run build && node scripts/explain-coverage.mjs [--show N] [module@version ...]
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PINNED, checkoutModule, proxyEnv } from './lib/thirdParty.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = path.join(root, 'out/server/src/core');
if (!fs.existsSync(path.join(core, 'compiler/analyzeModule.js'))) {
  console.error('compiled core not found under out/: run `npm run build` first');
  process.exit(2);
}
const { analyzeModules } = require(path.join(core, 'compiler/analyzeModule.js'));
const { groupPatterns } = require(path.join(core, 'compiler/patterns.js'));
const { DEFAULT_ANALYZE_SETTINGS } = require(path.join(core, 'compiler/compileRun.js'));
const { explainFindings } = require(path.join(core, 'explain/classify.js'));

const args = process.argv.slice(2);
const show = args.includes('--show') ? Number(args[args.indexOf('--show') + 1]) : 0;
const specs = args.filter((a, i) => a.includes('@') && args[i - 1] !== '--show');
const modules = specs.length ? specs : PINNED;

let total = 0;
let unexplained = 0;
const samples = [];
console.log('module                                         heap findings  unexplained');
for (const spec of modules) {
  const m = checkoutModule(spec);
  try {
    const settings = { ...DEFAULT_ANALYZE_SETTINGS, timeoutMs: 0, env: { GOPROXY: proxyEnv().GOPROXY, GOFLAGS: '-mod=mod', GOWORK: 'off' } };
    const r = await analyzeModules({ groups: groupPatterns(['./...'], m.dir), explain: true, settings });
    if (r.status !== 'ok') {
      console.log(`${spec.padEnd(47)} ${r.status}: ${r.summaries[0]}`);
      continue;
    }
    const heap = explainFindings(r.findings, r.goVersion).filter((f) => f.category === 'moved' || f.category === 'escapes');
    const bad = heap.filter((f) => f.rule === 'unexplained');
    total += heap.length;
    unexplained += bad.length;
    for (const f of bad) samples.push(`${spec} ${path.relative(m.dir, f.file)}:${f.line}:${f.column}: ${f.message}${f.flows ? ` (${f.flows.length} flows)` : ' (no explanation paired)'}`);
    console.log(`${spec.padEnd(47)} ${String(heap.length).padStart(13)}  ${String(bad.length).padStart(11)} (${((100 * bad.length) / Math.max(1, heap.length)).toFixed(2)}%)`);
  } finally {
    m.dispose();
  }
}
console.log(`${'all'.padEnd(47)} ${String(total).padStart(13)}  ${String(unexplained).padStart(11)} (${((100 * unexplained) / Math.max(1, total)).toFixed(2)}%), target < 0.50%`);
for (const s of samples.slice(0, show)) console.log(`  ${s}`);
process.exit(unexplained / Math.max(1, total) < 0.005 ? 0 : 1);
