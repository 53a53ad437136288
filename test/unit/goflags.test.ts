// The compiler flags a GOFLAGS value gives every package, which the analysis carries into its own
// -gcflags (the go command would otherwise let ours replace them).
import * as assert from 'node:assert/strict';
import { compilerFlagsFor, gcflagsInGoflags } from '../../server/src/core/compiler/goEnv';

const cases: [string | undefined, string[]][] = [
  [undefined, []],
  ['', []],
  ['-mod=mod -trimpath', []],
  ['-gcflags=-l', ['-l']],
  ['--gcflags=-B', ['-B']],
  ['-gcflags=all=-l', ['-l']],
  ["'-gcflags=all=-N -l' -mod=mod", ['-N', '-l']],
  ['-gcflags=-l -gcflags=all=-smallframes', ['-l', '-smallframes']],
  ['-gcflags=example.com/...=-l', []],
  ['-gcflags=std=-l -ldflags=-s', []],
];

describe('compiler flags from GOFLAGS', () => {
  for (const [goflags, want] of cases) {
    it(`${JSON.stringify(goflags)} gives ${JSON.stringify(want)}`, () => {
      assert.deepEqual(gcflagsInGoflags(goflags), want);
    });
  }

  it('puts the compilerFlags setting after them, and reads GOFLAGS from the env setting first', () => {
    assert.deepEqual(compilerFlagsFor({ env: { GOFLAGS: '-gcflags=-l' }, compilerFlags: ['-d=ssa/check/on'] }, { GOFLAGS: '-gcflags=-N' }), ['-l', '-d=ssa/check/on']);
    assert.deepEqual(compilerFlagsFor({ env: {} }, { GOFLAGS: '-gcflags=-N' }), ['-N']);
  });
});
