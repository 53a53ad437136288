// The typing-path warm-up runs on a private document after start: it must run to the end
// without throwing, and stop at once when a real edit arrives.
import * as assert from 'node:assert/strict';
import type { Parser } from 'web-tree-sitter';
import { createGoParser } from '../../../server/src/core/treesitter/parser';
import { warmUpTyping } from '../../../server/src/lsp/warmUp';

describe('typing-path warm-up', () => {
  let parser: Parser;
  before(async () => {
    parser = await createGoParser();
  });
  after(() => parser?.delete());

  it('runs every keystroke of its script, one per event-loop turn', async () => {
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    try {
      await warmUpTyping(parser, new AbortController().signal);
    } finally {
      clearInterval(ticker);
    }
    // Other work got turns in between: the warm-up did not run as one block.
    assert.ok(turns > 5, `other callbacks ran ${turns} times during the warm-up`);
  });

  it('stops when aborted', async () => {
    const stop = new AbortController();
    stop.abort();
    const t0 = performance.now();
    await warmUpTyping(parser, stop.signal);
    const stopped = performance.now() - t0;
    const t1 = performance.now();
    await warmUpTyping(parser, new AbortController().signal);
    const full = performance.now() - t1;
    assert.ok(stopped < full, `an aborted warm-up (${stopped.toFixed(1)} ms) ends before a full one (${full.toFixed(1)} ms)`);
  });
});
