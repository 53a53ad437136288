// `node --expose-gc scripts/bench-textdocument.mjs [--rounds N]` (after `npm run build`): what
// keeping open documents in vscode-languageserver-textdocument's TextDocument would cost while
// typing, against today's store (the incremental tree's own text). It replays the keystrokes of
// `npm run bench`'s "edit -> predicted diagnostics, 5,000-line file" scenario (same generated file,
// same LSP ranged changes, see bench/generate.mjs) through four paths, alternating in each round:
//   (a) tree       DocumentTree.applyChange only (today's path);
//   (b) td+tree    TextDocument.update, then DocumentTree.applyChange (two stores of the text);
//   (c) td         TextDocument.update alone (no tree);
//   (d) td->tree   TextDocument.update, then DocumentTree.applyEdit with the TextDocument's text
//                  and the change's offsets (one store of the text, the tree keeps its LineIndex);
//   (a') tree      (a) again, as a control: its ratio to (a) is the noise of this run.
// Per path it prints the median over rounds of each round's per-keystroke median and p99 time,
// JS heap bytes allocated per keystroke (the growth of V8's used heap over the replay plus what
// every collection during it freed, from v8.GCProfiler), JS heap bytes retained per keystroke
// (used heap after a full collection, end of the replay against its start), and the document
// state's resident size after typing (see residentOf); also the p99 of all rounds' keystrokes pooled; then each path's ratio to (a), as the median and range over rounds of the
// ratio within each round. The tree's LineIndex is outside the JS heap (a Uint32Array, 4 bytes a
// line, new on every keystroke in (a), (b) and (d) alike), so "allocated" does not count it.
import * as v8 from 'node:v8';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { bigFile, typingScript } from './bench/generate.mjs';
import { compiled, numberOption } from './bench/scriptEnv.mjs';
import { median, percentile, table } from './bench/stats.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('run with --expose-gc: node --expose-gc scripts/bench-textdocument.mjs');
  process.exit(2);
}
const { TextDocument } = createRequire(import.meta.url)('vscode-languageserver-textdocument');
const { DocumentTree } = compiled('server/src/core/treesitter/documentTree.js');
const { createGoParser } = compiled('server/src/core/treesitter/parser.js');

const ROUNDS = numberOption('--rounds', 7);
const URI = 'file:///bench/big.go';
const TEXT = bigFile(5000);
// The bench settles between functions; here the functions' keystrokes simply follow each other.
const SCRIPT = typingScript(TEXT);
const KEYS = SCRIPT.flat();
const FIRST = SCRIPT[0];
const STATES = 10;
const parser = await createGoParser();

/** Each path: make its state for TEXT, apply one content change at a version, free the state. */
const PATHS = [
  {
    name: '(a) tree',
    make: () => ({ tree: new DocumentTree(parser, TEXT) }),
    key: (s, c) => s.tree.applyChange(c),
  },
  {
    name: '(b) td+tree',
    make: () => ({ doc: TextDocument.create(URI, 'go', 0, TEXT), tree: new DocumentTree(parser, TEXT) }),
    key: (s, c, v) => {
      TextDocument.update(s.doc, [c], v);
      s.tree.applyChange(c);
    },
  },
  {
    name: '(c) td',
    make: () => ({ doc: TextDocument.create(URI, 'go', 0, TEXT) }),
    key: (s, c, v) => TextDocument.update(s.doc, [c], v),
  },
  {
    name: '(d) td->tree',
    make: () => ({ doc: TextDocument.create(URI, 'go', 0, TEXT), tree: new DocumentTree(parser, TEXT) }),
    key: (s, c, v) => {
      const start = s.doc.offsetAt(c.range.start);
      const oldEnd = Math.max(start, s.doc.offsetAt(c.range.end));
      TextDocument.update(s.doc, [c], v);
      s.tree.applyEdit(s.doc.getText(), start, oldEnd, start + c.text.length);
    },
  },
  {
    name: "(a') tree",
    make: () => ({ tree: new DocumentTree(parser, TEXT) }),
    key: (s, c) => s.tree.applyChange(c),
  },
];

const heapUsed = () => v8.getHeapStatistics().used_heap_size;
const resident = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const tick = () => new Promise((r) => setImmediate(r));
/**
 * Full collections in a turn of their own: what the current turn touched stays alive until it
 * ends (freed trees were still counted otherwise).
 */
const settled = async () => {
  await tick();
  globalThis.gc();
  globalThis.gc();
};

/**
 * The resident size of one document's state after typing: STATES states, each fed the first
 * function's keystrokes (which end on the starting text, in new strings), measured together
 * (JS heap + ArrayBuffers after full collections, with them against after freeing them), since
 * the used heap of one state moves by tens of KiB from one collection to the next.
 */
async function residentOf(p) {
  let states = Array.from({ length: STATES }, () => p.make());
  for (const state of states) FIRST.forEach((c, i) => p.key(state, c, i + 1));
  await settled();
  const withStates = resident();
  for (const state of states) state.tree?.delete();
  states = undefined;
  await settled();
  return (withStates - resident()) / STATES;
}

/** One replay of KEYS through `p` on a fresh state. */
async function replay(p) {
  let state = p.make();
  if (state.doc) state.doc.offsetAt({ line: 0, character: 0 }); // Its line offsets, as the first change makes them.
  const times = new Float64Array(KEYS.length);
  await settled();
  const used0 = heapUsed();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const start = heapUsed();
  for (let i = 0; i < KEYS.length; i++) {
    // Each keystroke in a turn of its own, as each didChange is handled in the server.
    await tick();
    const t0 = performance.now();
    p.key(state, KEYS[i], i + 1);
    times[i] = performance.now() - t0;
  }
  const end = heapUsed();
  const gcs = profiler.stop().statistics;
  const freed = gcs.reduce((sum, g) => sum + g.beforeGC.heapStatistics.usedHeapSize - g.afterGC.heapStatistics.usedHeapSize, 0);
  await settled();
  const retained = heapUsed() - used0;
  const text = state.tree ? state.tree.text : state.doc.getText();
  if (text !== TEXT || (state.doc && state.doc.getText() !== TEXT)) throw new Error(`${p.name}: the replay did not end on the starting text`);
  state.tree?.delete();
  state = undefined;
  const ts = [...times];
  return {
    times: ts,
    p50: median(ts),
    p99: percentile(ts, 99),
    allocated: (end - start + freed) / KEYS.length,
    retained: retained / KEYS.length,
    resident: await residentOf(p),
    collections: gcs.length,
  };
}

// One unmeasured replay per path first, so that every path is compiled by V8 before it counts.
for (const p of PATHS) await replay(p);
const results = new Map(PATHS.map((p) => [p.name, []]));
for (let r = 0; r < ROUNDS; r++) {
  // The order rotates each round, so that no path always follows the same one.
  for (let k = 0; k < PATHS.length; k++) {
    const p = PATHS[(r + k) % PATHS.length];
    results.get(p.name).push(await replay(p));
  }
}

const med = (name, field) => median(results.get(name).map((x) => x[field]));
const us = (x) => `${(x * 1000).toFixed(0)} µs`;
const kb = (x) => `${(x / 1024).toFixed(1)} KiB`;
const spread = (xs, fmt) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;
const cell = (name, field, fmt) => `${fmt(med(name, field))} (${spread(results.get(name).map((x) => x[field]), fmt)})`;
const pooled = (name, p) => percentile(results.get(name).flatMap((x) => x.times), p);
/** The median and range over rounds of `name`'s value against (a)'s in the same round. */
const ratio = (name, field) => {
  const a = results.get('(a) tree');
  const xs = results.get(name).map((x, r) => x[field] / a[r][field]);
  const f = (x) => x.toFixed(2);
  return `${f(median(xs))}× (${spread(xs, f)})`;
};
console.log(`${KEYS.length} keystrokes per replay over a ${TEXT.split('\n').length}-line file (${TEXT.length} UTF-16 units); ${ROUNDS} rounds, paths alternating; medians over rounds (range of the rounds in brackets); Node ${process.version}\n`);
console.log(table(
  ['path', 'p50 / key', 'p99 / key', 'p99 pooled', 'allocated / key', 'retained / key', 'resident state', 'GCs / replay'],
  PATHS.map(({ name }) => [name, cell(name, 'p50', us), cell(name, 'p99', us), us(pooled(name, 99)), cell(name, 'allocated', kb), kb(med(name, 'retained')), cell(name, 'resident', kb), String(med(name, 'collections'))]),
));
console.log('');
console.log(table(
  ['path', 'p50 ×(a)', 'p99 ×(a)', 'p99 pooled ×(a)', 'allocated ×(a)', 'resident ×(a)'],
  PATHS.map(({ name }) => [name, ratio(name, 'p50'), ratio(name, 'p99'), `${(pooled(name, 99) / pooled('(a) tree', 99)).toFixed(2)}×`, ratio(name, 'allocated'), ratio(name, 'resident')]),
));
parser.delete();
