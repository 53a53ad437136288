// Loading in a worker thread gives the same weights as loading in the calling thread.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeCount } from '../../../server/src/core/profile/decode';
import { loadProfilesOffThread } from '../../../server/src/core/profile/offThread';
import { loadProfiles } from '../../../server/src/core/profile/profileSet';
import { lineWeight } from '../../../server/src/core/profile/weights';
import { CPU_TYPES, encodeProfile, HEAP_TYPES } from '../../helpers/pprofBuilder';
import { makeModule, removeDir } from '../../helpers/tempModule';

describe('profiles loaded off the main thread', function () {
  this.timeout(30_000);
  let dir = '';
  before(() => {
    dir = makeModule({ 'a.go': 'package m\n' }, 'example.com/m');
    const frame = (line: number) => ({ func: 'example.com/m.F', file: '/elsewhere/a.go', line, startLine: 1 });
    fs.writeFileSync(path.join(dir, 'heap.pprof'), encodeProfile({ sampleTypes: HEAP_TYPES, samples: [{ stack: [frame(3), frame(9)], values: [2, 32, 0, 0] }, { stack: [frame(4)], values: [1, 96, 0, 0] }] }));
    fs.writeFileSync(path.join(dir, 'cpu.pprof'), encodeProfile({ sampleTypes: CPU_TYPES, samples: [{ stack: [frame(3), frame(9)], values: [1, 10] }] }));
    fs.writeFileSync(path.join(dir, 'bad.pprof'), 'not a profile');
  });
  after(() => removeDir(dir));

  it('gives the same weights and messages as loadProfiles', async () => {
    const files = ['heap.pprof', 'bad.pprof', 'cpu.pprof'].map((f) => path.join(dir, f));
    // Both decode: an index cached by the first would be read by the second.
    const here = await loadProfiles(files, { cache: false });
    const there = await loadProfilesOffThread(files, { cache: false });
    assert.deepEqual(there.messages, here.messages);
    assert.equal(there.set.groups.length, 2);
    const a = path.join(dir, 'a.go');
    for (const line of [3, 4, 9]) assert.deepEqual(lineWeight(there.set, a, line), lineWeight(here.set, a, line));
    assert.equal(lineWeight(there.set, a, 3)?.share, 0.25);
  });

  it('reads and writes the index cache it is given', async () => {
    const cache = { dir: path.join(dir, 'cache'), maxEntries: 4, maxBytes: 2 ** 20 };
    const heap = path.join(dir, 'heap.pprof');
    const before = decodeCount();
    const first = await loadProfilesOffThread([heap], { cache });
    assert.equal(fs.readdirSync(cache.dir).filter((n) => n.endsWith('.idx')).length, 1);
    // This thread finds the worker's entry: it does not decode.
    const here = await loadProfiles([heap], { cache });
    assert.equal(decodeCount(), before);
    const a = path.join(dir, 'a.go');
    assert.deepEqual(lineWeight(here.set, a, 3), lineWeight(first.set, a, 3));
    assert.deepEqual(here.set.groups[0].indexes[0], (await loadProfiles([heap], { cache: false })).set.groups[0].indexes[0]);
  });

  it('a cancelled load leaves the others running', async () => {
    const controller = new AbortController();
    const a = path.join(dir, 'a.go');
    const cancelled = loadProfilesOffThread([path.join(dir, 'heap.pprof')], { signal: controller.signal });
    const kept = loadProfilesOffThread([path.join(dir, 'heap.pprof')]);
    controller.abort();
    assert.deepEqual((await cancelled).messages, ['cancelled']);
    const r = await kept;
    assert.deepEqual(r.messages, []);
    assert.equal(lineWeight(r.set, a, 3)?.share, 0.25);
    // And the loader serves the next load.
    assert.equal(lineWeight((await loadProfilesOffThread([path.join(dir, 'heap.pprof')])).set, a, 4)?.value, 96);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const pending = loadProfilesOffThread([path.join(dir, 'heap.pprof')], { signal: controller.signal });
    controller.abort();
    assert.deepEqual((await pending).messages, ['cancelled']);
  });
});
