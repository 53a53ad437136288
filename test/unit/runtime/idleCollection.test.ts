// After a compiler result the server collects the young generation while idle, so that its
// objects are not copied during the next keystrokes.
import * as assert from 'node:assert/strict';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { promoteWhenIdle } from '../../../server/src/runtime/idleCollection';

describe('idle collection after a compiler result', () => {
  it('runs two young collections once the current work is done, and only then', async () => {
    const minors: number[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minors.push(e.startTime);
    });
    obs.observe({ entryTypes: ['gc'] });
    try {
      await new Promise((r) => setTimeout(r, 20));
      const before = minors.length;
      promoteWhenIdle();
      promoteWhenIdle();
      assert.equal(minors.length, before, 'nothing is collected synchronously');
      await new Promise((r) => setTimeout(r, 50));
      assert.ok(minors.length - before >= 2, `young collections after the call: ${minors.length - before}`);
    } finally {
      obs.disconnect();
    }
  });
});
