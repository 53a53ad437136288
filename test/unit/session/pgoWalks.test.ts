// The session's walks for default.pgo files: one per root however many look-ups ask for it,
// started early when an opened document's compiles will need it, and never handed out partial.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS } from '../../../server/src/core/compiler/analyze';
import { PgoChoices } from '../../../server/src/session/pgoChoices';
import { PgoWalks } from '../../../server/src/session/pgoWalks';
import { makeModule, removeDir } from '../../helpers/tempModule';

/** A walk that records each call and answers when told to. */
function recordedWalk() {
  const calls: { root: string; signal: AbortSignal; answer: (dirs: string[]) => void }[] = [];
  const walk = (root: string, signal: AbortSignal) => new Promise<string[]>((answer) => calls.push({ root, signal, answer }));
  return { calls, walk };
}

describe('PgoWalks', () => {
  it('walks each root once, however often it is asked', async () => {
    const { calls, walk } = recordedWalk();
    const walks = new PgoWalks(walk);
    walks.prefetch('/m');
    const a = walks.of('/m');
    const b = walks.of('/m');
    walks.of('/other');
    assert.deepEqual(calls.map((c) => c.root), ['/m', '/other']);
    calls[0].answer(['/m/cmd']);
    assert.deepEqual(await a, ['/m/cmd']);
    assert.equal(a, b);
  });

  it('a reset stops the walks in flight, which reject rather than answer partially, and walks again when asked', async () => {
    const { calls, walk } = recordedWalk();
    const walks = new PgoWalks(walk);
    const before = walks.of('/m');
    walks.reset();
    assert.equal(calls[0].signal.aborted, true);
    // The stopped walk answers what it had found when it stopped.
    calls[0].answer([]);
    await assert.rejects(before, /stopped/);
    const after = walks.of('/m');
    assert.equal(calls.length, 2);
    calls[1].answer(['/m/cmd']);
    assert.deepEqual(await after, ['/m/cmd']);
  });
});

describe('PgoChoices and the walks', () => {
  let dir = '';
  afterEach(() => {
    if (dir) removeDir(dir);
    dir = '';
  });

  it('starts the module\'s walk on prefetch under auto, and the look-up of a package takes that walk', async () => {
    dir = makeModule({ 'lib/lib.go': 'package lib\n' });
    const { calls, walk } = recordedWalk();
    const choices = new PgoChoices(new PgoWalks(walk));
    choices.prefetch(dir, 'auto', []);
    assert.deepEqual(calls.map((c) => c.root), [dir]);
    const choice = choices.choose(path.join(dir, 'lib'), 'auto', DEFAULT_ANALYZE_SETTINGS, dir);
    // No default.pgo in the module: no profile, and no go command is needed to say so.
    calls[0].answer([]);
    assert.deepEqual(await choice, { others: [] });
    assert.equal(calls.length, 1);
  });

  it('walks nothing when the setting or the build flags choose the profile', async () => {
    dir = makeModule({ 'lib/lib.go': 'package lib\n' });
    const { calls, walk } = recordedWalk();
    const choices = new PgoChoices(new PgoWalks(walk));
    choices.prefetch(dir, 'off', []);
    choices.prefetch(dir, 'prof/cpu.pprof', []);
    choices.prefetch(dir, 'auto', ['-pgo=off']);
    const flags = { ...DEFAULT_ANALYZE_SETTINGS, buildFlags: ['-pgo=/p/cpu.pprof'] };
    assert.deepEqual(await choices.choose(path.join(dir, 'lib'), 'auto', flags, dir), { others: [] });
    assert.deepEqual(await choices.choose(path.join(dir, 'lib'), 'off', DEFAULT_ANALYZE_SETTINGS, dir), { pgo: 'off', others: [] });
    assert.deepEqual(calls, []);
  });
});
