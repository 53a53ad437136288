// The typing-path warm-up runs on a private document after start: it must run to the end
// without throwing, and stop at once when a real edit arrives.
import { useGoParser } from '../../helpers/goParser';
import * as assert from 'node:assert/strict';
import { TYPED, warmUpTyping } from '../../../server/src/runtime/warmUp';

describe('typing-path warm-up', () => {
  const go = useGoParser();

  it('runs every keystroke of its script, one per event-loop turn', async () => {
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    let typed: number;
    try {
      typed = await warmUpTyping(go.parser, new AbortController().signal);
    } finally {
      clearInterval(ticker);
    }
    // The script types a statement and deletes it again, a keystroke per character each way.
    assert.equal(typed, 2 * TYPED.length);
    // Other work got turns in between: the warm-up did not run as one block.
    assert.ok(turns > 5, `other callbacks ran ${turns} times during the warm-up`);
  });

  it('stops when aborted', async () => {
    const stopped = new AbortController();
    stopped.abort();
    assert.equal(await warmUpTyping(go.parser, stopped.signal), 0, 'aborted before it started: nothing typed');
    // Aborted while it runs: it stops at the next keystroke.
    const midway = new AbortController();
    const running = warmUpTyping(go.parser, midway.signal);
    setTimeout(() => midway.abort(), 0);
    const typed = await running;
    assert.ok(typed < 2 * TYPED.length, `typed ${typed} keystrokes after the abort`);
  });
});
