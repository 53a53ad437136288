// Preloaded into the language server (`node --expose-gc --require serverProbe.cjs dist/server.js`)
// by the soak and trace scripts: on SIGUSR2 it collects garbage and appends one JSON line of facts about the
// process to the file named by GO_ESCAPE_PROBE_OUT (with GO_ESCAPE_PROBE_SNAPSHOTS=1, after a heap
// snapshot written next to it). The server has no request for its internal
// state, so these are what can be seen from outside its code: the JS heap, the WebAssembly memory
// (tree-sitter's trees live there), the handles and timers that keep the event loop alive, and the
// event loop's delay since the previous sample.
const fs = require('node:fs');
const { PerformanceObserver, constants: perfConstants, monitorEventLoopDelay, performance } = require('node:perf_hooks');
const v8 = require('node:v8');

const out = process.env.GO_ESCAPE_PROBE_OUT;
const memories = new Set();
// How late the event loop ran a 10 ms timer since the last sample: its maximum is the longest
// block, within the resolution.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
// How many times since the last sample a 10 ms timer ran more than 50 ms late: the longest block
// alone is one figure of a noisy machine, a count says how often the target was missed.
const TICK_MS = 10;
let lastTick = performance.now();
let blocksOver50 = 0;
setInterval(() => {
  const now = performance.now();
  if (now - lastTick - TICK_MS > 50) blocksOver50++;
  lastTick = now;
}, TICK_MS).unref();

// The longest garbage collections since the last sample, by kind, and whether the server forced
// them (its own gc() calls) or V8 chose them: the event loop's delay alone cannot tell a long
// collection from long work.
const GC_KINDS = { [perfConstants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [perfConstants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [perfConstants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [perfConstants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };
let gcs = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const forced = (e.detail.flags & perfConstants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;
    gcs.push({ ms: Math.round(e.duration * 10) / 10, kind: `${GC_KINDS[e.detail.kind] ?? e.detail.kind}${forced ? ', forced' : ''}` });
  }
  if (gcs.length > 200) gcs = gcs.sort((a, b) => b.ms - a.ms).slice(0, 20);
}).observe({ entryTypes: ['gc'] });

// Emscripten instantiates web-tree-sitter and the grammar through WebAssembly.instantiate; keep
// their memories to read their size.
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (source, imports) {
  const r = await instantiate.call(this, source, imports);
  const instance = r instanceof WebAssembly.Instance ? r : r.instance;
  for (const m of [instance?.exports?.memory, imports?.env?.memory]) if (m instanceof WebAssembly.Memory) memories.add(m);
  return r;
};

process.on('SIGUSR2', () => {
  if (!out) return;
  if (typeof global.gc === 'function') global.gc();
  const heap = v8.getHeapStatistics();
  const resources = {};
  for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
  const mem = process.memoryUsage();
  const snapshot = process.env.GO_ESCAPE_PROBE_SNAPSHOTS ? v8.writeHeapSnapshot(`${out}.${Date.now()}.heapsnapshot`) : undefined;
  fs.appendFileSync(out, `${JSON.stringify({
    at: Date.now(),
    rss: mem.rss,
    heapUsed: heap.used_heap_size,
    heapCommitted: heap.total_physical_size,
    malloced: heap.malloced_memory,
    external: mem.external,
    arrayBuffers: mem.arrayBuffers,
    wasmMemory: [...memories].reduce((n, m) => n + m.buffer.byteLength, 0),
    resources,
    loopDelayMaxMs: delay.max / 1e6,
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    blocksOver50,
    longestGcs: gcs.sort((a, b) => b.ms - a.ms).slice(0, 5),
    snapshot,
  })}\n`);
  delay.reset();
  blocksOver50 = 0;
  gcs = [];
});
