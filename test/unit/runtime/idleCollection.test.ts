// After a compiler result the server collects the young generation while idle, so that its
// objects are not copied during the next keystrokes, and compacts the heap once it has been left
// alone. Each session has its own timers for that: another session's edits or end do not move
// or cancel them.
import * as assert from 'node:assert/strict';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { Collect, IdleCollection } from '../../../server/src/runtime/idleCollection';

/** A collector that records what it was asked for instead of collecting. */
function recorded(): { calls: string[]; collector: () => Collect } {
  const calls: string[] = [];
  return { calls, collector: () => (options) => void calls.push(options?.type ?? 'full') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `done` holds, up to a generous deadline. */
async function eventually(done: () => boolean, what: string): Promise<void> {
  for (const end = Date.now() + 5000; !done(); await sleep(10)) if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
}

describe('idle collection', () => {
  it('runs two young collections once the current work is done, and only then', async () => {
    const minors: number[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minors.push(e.startTime);
    });
    obs.observe({ entryTypes: ['gc'] });
    const idle = new IdleCollection();
    try {
      await sleep(20);
      const before = minors.length;
      idle.promoteWhenIdle();
      idle.promoteWhenIdle();
      assert.equal(minors.length, before, 'nothing is collected synchronously');
      await sleep(50);
      assert.ok(minors.length - before >= 2, `young collections after the call: ${minors.length - before}`);
    } finally {
      idle.dispose();
      obs.disconnect();
    }
  });

  it('compacts once after a quiet time, and a postponement without a compaction pending asks for none', async () => {
    const a = recorded();
    const idle = new IdleCollection({ quietMs: 30, collector: a.collector });
    try {
      idle.postponeCompaction();
      await sleep(100);
      assert.deepEqual(a.calls, []);
      idle.compactWhenQuiet();
      idle.postponeCompaction();
      await eventually(() => a.calls.length > 0, 'the compaction');
      await sleep(100);
      assert.deepEqual(a.calls, ['full']);
    } finally {
      idle.dispose();
    }
  });

  it('keeps each session\'s timers: one session disposed or postponing does not touch another\'s', async () => {
    const a = recorded();
    const b = recorded();
    const first = new IdleCollection({ quietMs: 30, collector: a.collector });
    const second = new IdleCollection({ quietMs: 30, collector: b.collector });
    try {
      first.compactWhenQuiet();
      first.promoteWhenIdle();
      second.postponeCompaction();
      second.dispose();
      await eventually(() => a.calls.includes('full'), "the first session's compaction");
      assert.deepEqual(a.calls, ['minor', 'minor', 'full']);
      assert.deepEqual(b.calls, []);
    } finally {
      first.dispose();
    }
  });

  it('runs nothing it was asked for once disposed', async () => {
    const a = recorded();
    const idle = new IdleCollection({ quietMs: 30, collector: a.collector });
    idle.promoteWhenIdle();
    idle.compactWhenQuiet();
    idle.dispose();
    await sleep(150);
    assert.deepEqual(a.calls, []);
  });
});
