// GOFLAGS=-gcflags=-l must reach the analysed package: our own -gcflags=-m would otherwise replace
// it, and the analysis would see inlining the user's builds do not do. Checked with the real go.
import * as assert from 'node:assert/strict';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../server/src/core/compiler/analyze';
import { hasGo, makeModule, removeDir } from '../helpers/tempModule';

// With inlining, mk is inlined into Use and its &T{...} does not escape there.
const SOURCE = `package gfl

type T struct{ n int }

func (t *T) Get() int { return t.n }

func mk() *T { return &T{n: 1} }

func Use() int {
	t := mk()
	return t.Get()
}
`;

describe('GOFLAGS compiler flags in the analysis', function () {
  let dir: string | undefined;
  before(function () {
    if (!hasGo()) this.skip();
    dir = makeModule({ 'gfl.go': SOURCE }, 'example.com/gfl');
  });
  after(() => dir && removeDir(dir));

  const inlinedCopy = async (env: Record<string, string>) => {
    const r = await analyzePackage({ dir: dir!, settings: { ...DEFAULT_ANALYZE_SETTINGS, env } });
    assert.equal(r.status, 'ok', r.summary);
    return r.findings.some((f) => f.line === 10 && f.message === '&T{...} does not escape');
  };

  it('sees the inlined allocation without GOFLAGS', async () => {
    assert.equal(await inlinedCopy({}), true);
  });

  it('analyses without inlining under GOFLAGS=-gcflags=-l, like the user’s build', async () => {
    assert.equal(await inlinedCopy({ GOFLAGS: '-gcflags=-l' }), false);
  });

  it('does the same for GOFLAGS=-gcflags=all=-l', async () => {
    assert.equal(await inlinedCopy({ GOFLAGS: '-gcflags=all=-l' }), false);
  });
});
