// Re-prediction after a one-line edit inside a function of large files, through DocumentTree, as
// the server predicts on every keystroke.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const outCore = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../out/server/src/core');
const { DocumentTree } = require(path.join(outCore, 'treesitter/documentTree.js'));

/** `packages`: listed packages ({ files }); the largest files of 3,000-6,000 lines are edited. */
export function latency(core, parser, packages, goVersion) {
  const big = packages
    .flatMap((p) => p.files)
    .map((f) => ({ f, n: fs.readFileSync(f, 'utf8').split('\n').length }))
    .filter((x) => x.n >= 3000 && x.n <= 6000)
    .sort((a, b) => b.n - a.n)
    .slice(0, 4);
  const samples = [];
  const cpuSamples = [];
  const isBody = (n) => n && (n.type === 'function_declaration' || n.type === 'method_declaration') && n.childForFieldName('body');
  for (const { f } of big) {
    const text = fs.readFileSync(f, 'utf8');
    const doc = new DocumentTree(parser, text);
    const cache = new core.PredictionCache();
    const ctx = { goVersion, cache };
    core.predictFunctions(doc.tree, f, doc.text, doc.takeChangedRanges(), ctx);
    const count = doc.tree.rootNode.namedChildren.filter(isBody).length;
    for (let i = 0; i < 60 && count; i++) {
      const decl = doc.tree.rootNode.namedChildren.filter(isBody)[(i * 7919) % count];
      const body = decl.childForFieldName('body');
      const pos = { line: body.startPosition.row, character: body.startPosition.column + 1 };
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      doc.applyChange({ range: { start: pos, end: pos }, text: ' _ = 0;' });
      core.predictFunctions(doc.tree, f, doc.text, doc.takeChangedRanges(), ctx);
      samples.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuSamples.push((c.user + c.system) / 1000);
    }
    doc.delete();
  }
  const q = (xs, p) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN).toFixed(2);
  };
  console.log(
    `re-prediction after a one-line edit (DocumentTree.applyChange + predictFunctions, files of ${big.map((b) => b.n).join('/')} lines, ${samples.length} edits): ` +
      `wall p50 ${q(samples, 0.5)} ms, p99 ${q(samples, 0.99)} ms; CPU p50 ${q(cpuSamples, 0.5)} ms, p99 ${q(cpuSamples, 0.99)} ms (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`,
  );
}
