// Sliced work gives the event loop back between slices, and several large jobs at once must not
// take their slices in the same turn of the loop: a request would then wait for all of them.
import * as assert from 'node:assert/strict';
import { Slicer, eachInSlices, nextTurn } from '../../server/src/core/util/slices';

describe('slices', () => {
  it('resumes one waiting job per turn of the event loop, in the order they waited', async () => {
    // Counts turns: an immediate that queues itself runs once in every check phase.
    let turn = 0;
    let ticking = true;
    const tick = () => {
      turn++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const resumed: { job: string; turn: number }[] = [];
    const job = async (name: string) => {
      for (let i = 0; i < 4; i++) {
        await nextTurn();
        resumed.push({ job: name, turn });
      }
    };
    await Promise.all([job('a'), job('b'), job('c')]);
    ticking = false;
    const turns = resumed.map((r) => r.turn);
    assert.equal(new Set(turns).size, turns.length, `two jobs resumed in the same turn: ${JSON.stringify(resumed)}`);
    assert.deepEqual(resumed.slice(0, 3).map((r) => r.job), ['a', 'b', 'c']);
  });

  it('lets I/O and timers run between the slices of a long job', async () => {
    let timerRan = false;
    setTimeout(() => (timerRan = true), 0);
    const busyUntil = (ms: number) => {
      const end = Date.now() + ms;
      while (Date.now() < end);
    };
    let sawTimer = false;
    const done = await eachInSlices([1, 2, 3, 4, 5, 6], () => {
      busyUntil(5);
      sawTimer ||= timerRan;
    }, new Slicer(undefined, 4));
    assert.equal(done, true);
    assert.equal(sawTimer, true, 'the timer ran while the job was under way');
  });

  it('stops at the next pause once aborted', async () => {
    const ac = new AbortController();
    const seen: number[] = [];
    const done = await eachInSlices([1, 2, 3], (n) => {
      seen.push(n);
      if (n === 2) ac.abort();
    }, new Slicer(ac.signal));
    assert.equal(done, false);
    assert.deepEqual(seen, [1, 2]);
  });
});
