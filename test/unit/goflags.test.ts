// The compiler flags a GOFLAGS value gives every package, which the analysis carries into its own
// -gcflags (the go command would otherwise let ours replace them).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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

  it('reads GOFLAGS set with go env -w from the env file when the environment has none', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'go-escape-goenv-'));
    try {
      const file = path.join(dir, 'env');
      fs.writeFileSync(file, 'GOPRIVATE=example.com\nGOFLAGS=-gcflags=all=-l -mod=mod\n');
      assert.deepEqual(compilerFlagsFor({ env: {} }, { GOENV: file }), ['-l']);
      assert.deepEqual(compilerFlagsFor({ env: {} }, { GOENV: file, GOFLAGS: '-gcflags=-N' }), ['-N'], 'the environment wins');
      assert.deepEqual(compilerFlagsFor({ env: {} }, { GOENV: 'off' }), []);
      fs.mkdirSync(path.join(dir, 'go'));
      fs.renameSync(file, path.join(dir, 'go', 'env'));
      assert.deepEqual(compilerFlagsFor({ env: {} }, { XDG_CONFIG_HOME: dir, HOME: '/nonexistent' }), process.platform === 'linux' ? ['-l'] : []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
