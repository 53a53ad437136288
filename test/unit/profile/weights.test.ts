// Weights from synthetic profiles (pprof-format's encoder): innermost frames for heap profiles,
// stacks for CPU profiles, and files matched by import path or module-relative path whatever
// machine and build the profile's paths come from.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeProfile } from '../../../server/src/core/profile/decode';
import { indexProfile, ProfileIndex } from '../../../server/src/core/profile/profileIndex';
import { profileSetOf, ProfileSet } from '../../../server/src/core/profile/profileSet';
import { coversFile, functionTotals, functionWeight, lineWeight, sortByWeight, weightOf } from '../../../server/src/core/profile/weights';
import { CPU_TYPES, encodeProfile, Frame, HEAP_TYPES, ProfileSpec } from '../../helpers/pprofBuilder';
import { makeModule, removeDir } from '../../helpers/tempModule';

function index(spec: ProfileSpec, name = 'test.pprof'): ProfileIndex {
  const decoded = decodeProfile(encodeProfile(spec), name);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.message);
  const idx = indexProfile(decoded.profile, name);
  assert.ok(typeof idx !== 'string', String(idx));
  return idx;
}

const setOf = (...specs: ProfileSpec[]): ProfileSet => profileSetOf(specs.map((s, i) => index(s, `p${i}.pprof`)));

describe('profile weights', () => {
  let dir = '';
  const local = (rel: string) => path.join(dir, rel);
  before(() => {
    dir = makeModule({ 'lib/a.go': 'package lib\n', 'lib/b.go': 'package lib\n', 'lib/c.go': 'package lib\n', 'lib/a_test.go': 'package lib_test\n', 'cmd/server/main.go': 'package main\n', 'main.go': 'package main\n', 'other/o.go': 'package other\n' }, 'example.com/app');
  });
  after(() => removeDir(dir));

  // Paths as three kinds of build spell them: another machine's checkout, -trimpath, and this one.
  const spellings: [string, (rel: string) => string][] = [
    ['another machine', (rel) => `/home/ci/src/app/${rel}`],
    ['-trimpath', (rel) => `example.com/app/${rel}`],
    ['this machine', (rel) => local(rel)],
  ];

  for (const [name, at] of spellings) {
    describe(`paths from ${name}`, () => {
      // Built when a test runs: the module directory exists only then.
      const fixture = () => {
        const helper: Frame = { func: 'example.com/app/lib.helper', file: at('lib/b.go'), line: 7, startLine: 5 };
        const outer: Frame = { func: 'example.com/app/lib.Outer', file: at('lib/a.go'), line: 12, startLine: 10 };
        const mainFn: Frame = { func: 'main.main', file: at('cmd/server/main.go'), line: 20, startLine: 15 };
        const dep: Frame = { func: 'github.com/other/dep/lib.F', file: '/root/go/pkg/mod/github.com/other/dep@v1.0.0/lib/a.go', line: 12, startLine: 3 };
        const heap: ProfileSpec = {
          sampleTypes: HEAP_TYPES,
          samples: [
            // helper is inlined into Outer: one location, innermost frame first.
            { stack: [[helper, outer], mainFn], values: [3, 48, 1, 16] },
            { stack: [mainFn], values: [1, 1000, 0, 0] },
            { stack: [dep, mainFn], values: [2, 952, 0, 0] },
          ],
        };
        return heap;
      };

      it('gives a heap sample to its innermost frame, inlined frames included', () => {
        const set = setOf(fixture());
        const w = lineWeight(set, local('lib/b.go'), 7)!;
        assert.equal(w.sampleType, 'alloc_space');
        assert.equal(w.value, 48);
        assert.equal(w.objects, 3);
        assert.equal(w.share, 48 / 2000);
        assert.equal(w.function, 'helper');
        // Outer's line is on the stack but allocated nothing itself.
        assert.equal(lineWeight(set, local('lib/a.go'), 12), undefined);
      });

      it('matches a main package by its module-relative path', () => {
        const set = setOf(fixture());
        assert.equal(lineWeight(set, local('cmd/server/main.go'), 20)?.value, 1000);
        // Another main package of the module is not the profiled binary's.
        assert.equal(lineWeight(set, local('main.go'), 20), undefined);
      });

      it('does not take a dependency file with the same relative path for ours', () => {
        assert.equal(lineWeight(setOf(fixture()), local('lib/a.go'), 12), undefined);
      });

      it('weighs lines on the stack in a CPU profile, and their function', () => {
        const cpu: ProfileSpec = { sampleTypes: CPU_TYPES, periodType: ['cpu', 'nanoseconds'], samples: fixture().samples.map((s) => ({ stack: s.stack, values: [1, 10_000_000] })) };
        const set = setOf(cpu);
        const w = lineWeight(set, local('lib/a.go'), 12)!;
        assert.equal(w.kind, 'cpu');
        assert.equal(w.sampleType, 'cpu');
        assert.equal(w.value, 10_000_000);
        assert.equal(w.flat, 0);
        assert.equal(w.share, 1 / 3);
        // An unsampled line inside a sampled function: the function speaks for it.
        const inside = lineWeight(set, local('lib/a.go'), 11)!;
        assert.equal(inside.value, 0);
        assert.equal(inside.function, 'Outer');
        assert.equal(inside.functionShare, 1 / 3);
        assert.equal(lineWeight(set, local('lib/a.go'), 30), undefined);
        assert.equal(lineWeight(set, local('cmd/server/main.go'), 20)?.share, 1);
      });
    });
  }

  it('files an external test package with its package', () => {
    const set = setOf({ sampleTypes: HEAP_TYPES, samples: [{ stack: [{ func: 'example.com/app/lib_test.BenchmarkX', file: '/elsewhere/lib/a_test.go', line: 9 }], values: [1, 8, 0, 0] }] });
    assert.equal(lineWeight(set, local('lib/a_test.go'), 9)?.value, 8);
  });

  it('reads int64 sample values that arrive as bigint', () => {
    const big = 2n ** 40n;
    const set = setOf({ sampleTypes: HEAP_TYPES, samples: [{ stack: [{ func: 'example.com/app/lib.F', file: 'example.com/app/lib/a.go', line: 3 }], values: [1n, big, 0n, 0n] }] });
    assert.equal(lineWeight(set, local('lib/a.go'), 3)?.value, Number(big));
  });

  it('adds up profiles of the same sample type and ranks by the first', () => {
    const at = (line: number, bytes: number): ProfileSpec => ({ sampleTypes: HEAP_TYPES, samples: [{ stack: [{ func: 'example.com/app/lib.F', file: 'example.com/app/lib/a.go', line }], values: [1, bytes, 0, 0] }] });
    const set = setOf(at(3, 100), at(3, 100), at(4, 300));
    assert.equal(set.groups.length, 1);
    assert.equal(lineWeight(set, local("lib/a.go"), 3)?.share, 0.4);
    const findings = [{ file: local('lib/a.go'), line: 9 }, { file: local('lib/a.go'), line: 3 }, { file: local('lib/a.go'), line: 4 }];
    assert.deepEqual(sortByWeight(findings, set).map((f) => f.line), [4, 3, 9]);
    assert.equal(weightOf(set, findings[0]), undefined);
  });

  it('sums a function for the lens: heap by its lines, CPU by its func line', () => {
    const f = (line: number): Frame => ({ func: 'example.com/app/lib.F', file: 'example.com/app/lib/a.go', line, startLine: 10 });
    const heap = setOf({ sampleTypes: HEAP_TYPES, samples: [{ stack: [f(11)], values: [1, 10, 0, 0] }, { stack: [f(14)], values: [1, 30, 0, 0] }, { stack: [f(40)], values: [1, 60, 0, 0] }] });
    assert.deepEqual(functionWeight(heap, local('lib/a.go'), 10, 20), { value: 40, share: 0.4, sampleType: 'alloc_space', unit: 'bytes', kind: 'heap' });
    const cpu = setOf({ sampleTypes: CPU_TYPES, samples: [{ stack: [{ func: 'runtime.mallocgc', file: '/go/src/runtime/malloc.go', line: 1 }, f(11)], values: [1, 5] }, { stack: [f(12)], values: [1, 5] }] });
    assert.equal(functionWeight(cpu, local('lib/a.go'), 10, 20)?.share, 1);
    const totals = functionTotals(heap, [local('lib/a.go')]);
    assert.deepEqual(totals.map((t) => [t.short, t.value]), [['F', 100]]);
  });

  it('knows which packages the profile covers', () => {
    const set = setOf({ sampleTypes: HEAP_TYPES, samples: [{ stack: [{ func: 'example.com/app/lib.F', file: 'example.com/app/lib/a.go', line: 3 }], values: [1, 8, 0, 0] }] });
    assert.equal(coversFile(set, local('lib/c.go')), true);
    assert.equal(coversFile(set, local('other/o.go')), false);
  });

  it('uses the sample type asked for, and says when there is none', () => {
    const decoded = decodeProfile(encodeProfile({ sampleTypes: HEAP_TYPES, samples: [{ stack: [{ func: 'example.com/app/lib.F', file: 'x/a.go', line: 3 }], values: [1, 8, 1, 8] }] }), 'h.pprof');
    assert.ok(decoded.ok);
    const inuse = indexProfile(decoded.profile, 'h.pprof', { sampleType: 'inuse_space' });
    assert.ok(typeof inuse !== 'string' && inuse.sampleTypes[inuse.primary].type === 'inuse_space');
    assert.match(String(indexProfile(decoded.profile, 'h.pprof', { sampleType: 'cpu' })), /no sample type cpu \(it has alloc_objects, alloc_space, inuse_objects, inuse_space\)/);
    assert.ok(fs.existsSync(dir));
  });
});
