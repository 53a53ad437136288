// Samples tabled as pprof-format decodes them read exactly as the Sample objects of pprof-format's
// whole decode, and the index built from them is the same.
import * as assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { Profile } from 'pprof-format';
import { decodeProfile } from '../../../server/src/core/profile/decode';
import { indexProfile } from '../../../server/src/core/profile/profileIndex';
import { ObjectSamples, SampleRow, SampleSource, SampleTable } from '../../../server/src/core/profile/sampleTable';
import { CPU_TYPES, encodeProfile, Frame, HEAP_TYPES, ProfileSpec } from '../../helpers/pprofBuilder';
import { mulberry32 } from '../../helpers/seededRandom';

/** Many samples with stacks of 1-12 locations (some inlined), values of every size and sign. */
function spec(types: [string, string][], seed: number): ProfileSpec {
  const rnd = mulberry32(seed);
  const frame = (): Frame => ({ func: `example.com/m/p${Math.floor(rnd() * 5)}.F${Math.floor(rnd() * 20)}`, file: `/src/p/f${Math.floor(rnd() * 7)}.go`, line: 1 + Math.floor(rnd() * 300), startLine: 1 });
  const samples = Array.from({ length: 400 }, () => ({
    stack: Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => (rnd() < 0.2 ? [frame(), frame()] : frame())),
    values: types.map((_, t): number | bigint => (t === 0 && rnd() < 0.1 ? 2n ** 45n + BigInt(Math.floor(rnd() * 1000)) : rnd() < 0.05 ? -Math.floor(rnd() * 100) : Math.floor(rnd() * 1e6))),
  }));
  // A known first sample: a negative value and one beyond 2^32, which pprof-format gives as bigints.
  samples[0].values = types.map((_, t) => (t === 0 ? -5 : 2n ** 45n + BigInt(t)));
  return { sampleTypes: types, samples };
}

function rows(source: SampleSource, leafOnly: boolean): { ids: number[]; values: number[] }[] {
  const row = new SampleRow();
  return Array.from({ length: source.count }, (_, i) => {
    source.read(i, leafOnly, row);
    assert.equal(source.valueCount(i), row.valueCount);
    return { ids: Array.from(row.ids.subarray(0, row.idCount)), values: Array.from(row.values.subarray(0, row.valueCount)) };
  });
}

describe('sample table', () => {
  for (const [kind, types] of [['heap', HEAP_TYPES], ['CPU', CPU_TYPES]] as const) {
    it(`reads the samples of a ${kind} profile as pprof-format's Sample objects`, () => {
      const bytes = encodeProfile(spec(types, 7));
      const whole = Profile.decode(zlib.gunzipSync(bytes));
      const decoded = decodeProfile(bytes, 'p.pprof');
      assert.ok(decoded.ok);
      const tabled = decoded.profile.samples;
      assert.ok(tabled instanceof SampleTable, 'decodeProfile tables the samples as they are decoded');
      const objects = new ObjectSamples(whole.sample);
      assert.equal(tabled.count, 400);
      assert.deepEqual(tabled.valueCounts, objects.valueCounts);
      for (const leafOnly of [false, true]) assert.deepEqual(rows(tabled, leafOnly), rows(objects, leafOnly));
      assert.deepEqual(rows(tabled, true)[0].values, types.map((_, t) => (t === 0 ? -5 : 2 ** 45 + t)));
      // The index is the same as from the whole decode, and so are the Sample objects asked for.
      assert.deepEqual(indexProfile(decoded.profile, 'p.pprof'), indexProfile(whole, 'p.pprof'));
      assert.deepEqual(decoded.profile.sample, whole.sample);
    });
  }

  it('has no samples for a profile without any', () => {
    const decoded = decodeProfile(encodeProfile({ sampleTypes: HEAP_TYPES, samples: [] }), 'p.pprof');
    assert.ok(decoded.ok);
    assert.equal(decoded.profile.samples.count, 0);
    assert.deepEqual(decoded.profile.samples.valueCounts, { min: 0, max: 0 });
  });
});
