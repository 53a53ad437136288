// The samples as sampleTable.ts reads them are what pprof-format's own decoder reads, number for
// number, and an index built from them equals one built from pprof-format's samples.
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { Label, Profile, Sample } from 'pprof-format';
import { decodeProfile } from '../../../server/src/core/profile/decode';
import { indexProfile } from '../../../server/src/core/profile/profileIndex';
import { ObjectSamples, SampleRow, SampleSource } from '../../../server/src/core/profile/sampleTable';
import { buildProfile, CPU_TYPES, encodeProfile, HEAP_TYPES, ProfileSpec } from '../../helpers/pprofBuilder';

const f = (line: number, func = 'example.com/m.F') => ({ func, file: '/src/m/a.go', line, startLine: 1 });

/** Every sample as read, whole and innermost id only. */
function rows(source: SampleSource): { ids: number[]; values: number[]; leaf: number[] }[] {
  const row = new SampleRow();
  return Array.from({ length: source.count }, (_, i) => {
    source.read(i, false, row);
    const whole = { ids: [...row.ids.subarray(0, row.idCount)], values: [...row.values.subarray(0, row.valueCount)] };
    source.read(i, true, row);
    assert.equal(row.valueCount, source.valueCount(i));
    return { ...whole, leaf: [...row.ids.subarray(0, row.idCount)] };
  });
}

const SPECS: [string, ProfileSpec][] = [
  ['a heap profile with values of every varint length', {
    sampleTypes: HEAP_TYPES,
    samples: [
      { stack: [f(3), f(9)], values: [0, 1, 127, 128] },
      { stack: [f(4)], values: [16383, 16384, 2 ** 31, 2 ** 32 + 5] },
      { stack: [[f(5), f(6, 'example.com/m.G')], f(9)], values: [2n ** 40n, 2n ** 53n - 1n, 1, 2] },
    ],
  }],
  ['a profile with negative values (a pprof -diff_base result)', {
    sampleTypes: CPU_TYPES,
    samples: [{ stack: [f(3)], values: [-1, -300] }, { stack: [f(3), f(4)], values: [-(2 ** 40), 7] }, { stack: [f(4)], values: [-1n, -(2n ** 53n) + 1n] }],
  }],
];

describe('sample table', () => {
  for (const [what, spec] of SPECS) {
    it(`reads ${what} as pprof-format does`, () => {
      const decoded = decodeProfile(encodeProfile(spec), 'x.pprof');
      assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
      // `sample` is pprof-format's own decode of the same bytes, made when first read.
      assert.deepEqual(rows(decoded.profile.samples), rows(new ObjectSamples(decoded.profile.sample)));
      assert.equal(decoded.profile.samples.count, spec.samples.length);
      const reference = Profile.decode(zlib.gunzipSync(encodeProfile(spec)));
      assert.deepEqual(indexProfile(decoded.profile, 'x.pprof'), indexProfile(reference, 'x.pprof'));
    });
  }

  it('indexes a profile whose location ids are sparse as one numbered 1..n', () => {
    const spec = SPECS[0][1];
    const sparse = buildProfile(spec);
    for (const l of sparse.location) l.id = Number(l.id) * 100_003;
    for (const smp of sparse.sample) smp.locationId = smp.locationId.map((id) => Number(id) * 100_003);
    const decoded = decodeProfile(Buffer.from(sparse.encode()), 's.pprof');
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
    const dense = decodeProfile(encodeProfile(spec), 's.pprof');
    assert.ok(dense.ok);
    assert.deepEqual(indexProfile(decoded.profile, 's.pprof'), indexProfile(dense.profile, 's.pprof'));
  });

  it('skips labels and keeps the numbers around them', () => {
    const profile = buildProfile({ sampleTypes: HEAP_TYPES, samples: [{ stack: [f(3)], values: [1, 2, 3, 4] }] });
    const s = profile.sample[0];
    profile.sample = [new Sample({ locationId: s.locationId, value: s.value, label: [new Label({ key: profile.stringTable.dedup('k'), str: profile.stringTable.dedup('v') }), new Label({ key: profile.stringTable.dedup('n'), num: 12 })] })];
    const decoded = decodeProfile(Buffer.from(profile.encode()), 'l.pprof');
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
    assert.deepEqual(rows(decoded.profile.samples), [{ ids: [1], values: [1, 2, 3, 4], leaf: [1] }]);
    assert.equal(decoded.profile.sample[0].label.length, 2);
  });

  it('says a sample with a value per sample type missing is not a profile', () => {
    const profile = buildProfile({ sampleTypes: HEAP_TYPES, samples: [{ stack: [f(3)], values: [1, 2, 3, 4] }, { stack: [f(3)], values: [1, 2] }] });
    const r = decodeProfile(Buffer.from(profile.encode()), 'short.pprof');
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /^short\.pprof: not a pprof profile \(a sample has 2 values for 4 sample types\)/);
  });
});
