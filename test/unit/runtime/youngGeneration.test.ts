// The young generation grows by V8's doubling until it reaches the limit, and no further. Run in
// a fresh node each time: the heap's sizes are process-wide.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const MODULE = path.resolve(__dirname, '..', '..', '..', 'server', 'src', 'runtime', 'youngGeneration.js');

/**
 * The new space's size (MiB) after 40 turns that each keep 1 MB more objects alive, with the
 * young generation set up by `setup` (code run first in the child).
 */
function newSpaceAfterSurvivors(setup: string): number {
  const script = `
    const v8 = require('node:v8');
    ${setup}
    const kept = [];
    let turns = 0;
    const turn = () => {
      const a = [];
      for (let i = 0; i < 30000; i++) a.push({ i });
      kept.push(a);
      if (++turns < 40) return setImmediate(turn);
      const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size;
      process.stdout.write(String(s / 1048576));
    };
    turn();
  `;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, YOUNG: MODULE } }));
}

describe('the young generation', function () {
  this.timeout(60_000);

  it('grows to the limit and stops there', () => {
    const held = newSpaceAfterSurvivors(`require(process.env.YOUNG).growYoungGenerationTo(8 * 1048576);`);
    assert.ok(held >= 8 && held <= 16, `new space ${held} MiB`);
  });

  it('would grow past it left to V8, and not at all held from the start', () => {
    const free = newSpaceAfterSurvivors(`v8.setFlagsFromString('--semi-space-growth-factor=2');`);
    assert.ok(free > 16, `new space ${free} MiB`);
    const first = newSpaceAfterSurvivors(`v8.setFlagsFromString('--semi-space-growth-factor=1');`);
    assert.ok(first < 8, `new space ${first} MiB`);
  });
});
