// Profiles that do not parse give one message naming the file, and the others still load.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { decodeProfile } from '../../../server/src/core/profile/decode';
import { loadProfiles } from '../../../server/src/core/profile/profileSet';
import { lineWeight } from '../../../server/src/core/profile/weights';
import { encodeProfile, HEAP_TYPES, ProfileSpec } from '../../helpers/pprofBuilder';
import { makeModule, removeDir } from '../../helpers/tempModule';

const GOOD: ProfileSpec = { sampleTypes: HEAP_TYPES, samples: [{ stack: [{ func: 'example.com/m.F', file: 'example.com/m/a.go', line: 3 }], values: [2, 32, 0, 0] }] };

const BAD: [string, () => Buffer, RegExp][] = [
  ['an empty file', () => Buffer.alloc(0), /empty file, not a pprof profile/],
  ['Go source', () => Buffer.from('package main\n\nfunc main() {}\n'), /not a pprof profile/],
  ['random bytes', () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)), /not a pprof profile/],
  ['a truncated gzip', () => encodeProfile(GOOD).subarray(0, 40), /gzip data is damaged/],
  ['gzipped text', () => zlib.gzipSync('hello, not a profile'), /not a pprof profile/],
  ['a preprocessed PGO file', () => Buffer.from('GO PREPROFILE V1\nmain.a\nmain.b\n1 1\n'), /go tool preprofile/],
];

describe('profile decoding', () => {
  let dir = '';
  before(() => {
    dir = makeModule({ 'a.go': 'package m\n' }, 'example.com/m');
  });
  after(() => removeDir(dir));

  for (const [what, bytes, message] of BAD) {
    it(`rejects ${what} with one message naming the file`, () => {
      const r = decodeProfile(bytes(), '/p/bad.pprof');
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.message.startsWith('/p/bad.pprof: '), !r.ok ? r.message : '');
      assert.match(!r.ok ? r.message : '', message);
    });
  }

  it('reads gzipped and raw profiles alike', () => {
    for (const gzip of [true, false]) {
      const r = decodeProfile(encodeProfile(GOOD, gzip), 'x');
      assert.ok(r.ok);
      assert.equal(r.ok && r.profile.sample.length, 1);
    }
  });

  it('keeps every usable profile when one is corrupt', async () => {
    const good = path.join(dir, 'good.pprof');
    const bad = path.join(dir, 'bad.pprof');
    fs.writeFileSync(good, encodeProfile(GOOD));
    fs.writeFileSync(bad, encodeProfile(GOOD).subarray(0, 40));
    const r = await loadProfiles([bad, good, path.join(dir, 'missing.pprof')]);
    assert.equal(r.messages.length, 2);
    assert.match(r.messages[0], new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    assert.match(r.messages[1], /missing\.pprof: cannot read the profile \(no such file\)/);
    assert.equal(lineWeight(r.set, path.join(dir, 'a.go'), 3)?.value, 32);
  });
});
