// Preloaded into the language server (`node --expose-gc --require serverProbe.cjs dist/server.js`)
// by the soak and trace scripts: on SIGUSR2 it collects garbage and appends one JSON line of facts about the
// process to the file named by GO_ESCAPE_PROBE_OUT (with GO_ESCAPE_PROBE_SNAPSHOTS=1, after a heap
// snapshot written next to it). The server has no request for its internal
// state, so these are what can be seen from outside its code: the JS heap, the WebAssembly memory
// (tree-sitter's trees live there), the handles and timers that keep the event loop alive, and the
// event loop's delay since the previous sample.
const fs = require('node:fs');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const v8 = require('node:v8');

const out = process.env.GO_ESCAPE_PROBE_OUT;
const memories = new Set();
// How late the event loop ran a 10 ms timer since the last sample: its maximum is the longest
// block, within the resolution.
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

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
    snapshot,
  })}\n`);
  delay.reset();
});
