// Per-op figures count only the benchmark's b.N iterations: runN called from launch (b.N-style
// benchmarks), else runN called from run1 (b.Loop benchmarks, or -benchtime=1x).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { decodeProfile } from '../../../server/src/core/profile/decode';
import { parseBenchOutput } from '../../../server/src/core/profile/benchmark';
import { measure, measuredAt } from '../../../server/src/core/profile/measured';
import { encodeProfile, Frame, HEAP_TYPES, ProfileSpec } from '../../helpers/pprofBuilder';
import { makeModule, removeDir } from '../../helpers/tempModule';

const T = (name: string, line: number): Frame => ({ func: name, file: '/go/src/testing/benchmark.go', line });
const RUN_N = T('testing.(*B).runN', 219);
const LAUNCH = T('testing.(*B).launch', 347);
const RUN1 = T('testing.(*B).run1.func1', 245);

describe('measured allocations', () => {
  let dir = '';
  before(() => {
    dir = makeModule({ 'a.go': 'package m\n', 'a_test.go': 'package m\n' }, 'example.com/m');
  });
  after(() => removeDir(dir));
  const site = (): Frame => ({ func: 'example.com/m.New', file: path.join(dir, 'a.go'), line: 5 });
  const bench = (): Frame => ({ func: 'example.com/m.BenchmarkNew', file: path.join(dir, 'a_test.go'), line: 9 });

  function measured(spec: ProfileSpec, n: number) {
    const decoded = decodeProfile(encodeProfile(spec), 'mem.pprof');
    assert.ok(decoded.ok);
    const m = measure(decoded.profile, 'mem.pprof', 'BenchmarkNew-2', n);
    assert.ok(typeof m !== 'string', String(m));
    return measuredAt(m, path.join(dir, 'a.go'), 5);
  }

  it('counts the b.N run of a b.N benchmark, not its first single iteration', () => {
    const spec: ProfileSpec = {
      sampleTypes: HEAP_TYPES,
      samples: [
        { stack: [site(), bench(), RUN_N, RUN1], values: [1, 16, 0, 0] },
        { stack: [site(), bench(), RUN_N, LAUNCH], values: [1000, 16000, 0, 0] },
        // Package initialisation is no part of any iteration.
        { stack: [site(), { func: 'example.com/m.init', file: path.join(dir, 'a.go'), line: 2 }], values: [1, 16, 0, 0] },
      ],
    };
    assert.deepEqual(measured(spec, 1000), { allocsPerOp: 1, bytesPerOp: 16, benchmark: 'BenchmarkNew-2', n: 1000 });
  });

  it('counts the one call of a b.Loop benchmark', () => {
    const spec: ProfileSpec = { sampleTypes: HEAP_TYPES, samples: [{ stack: [site(), bench(), RUN_N, RUN1], values: [2000, 96000, 0, 0] }] };
    assert.deepEqual(measured(spec, 1000), { allocsPerOp: 2, bytesPerOp: 96, benchmark: 'BenchmarkNew-2', n: 1000 });
  });

  it('reads go test -bench result lines', () => {
    const out = 'goos: linux\nBenchmarkHot-2   \t    1000\t      1237 ns/op\t      16 B/op\t       1 allocs/op\nBenchmarkX/sub_case-8 5 2.5e+06 ns/op 3.00 MB/s\nPASS\n';
    assert.deepEqual(parseBenchOutput(out), [
      { name: 'BenchmarkHot-2', n: 1000, metrics: { 'ns/op': 1237, 'B/op': 16, 'allocs/op': 1 } },
      { name: 'BenchmarkX/sub_case-8', n: 5, metrics: { 'ns/op': 2.5e6, 'MB/s': 3 } },
    ]);
  });
});
