// Assertions of one package as the editor checks them, with the real go: the package's directives
// (scanDirectives), its explained run through analyzePackage with the flags they need
// (assertionCompilerFlags, decisions), and checkAssertions on that run's findings and listing.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { assertionCompilerFlags, checkAssertions } from '../../../server/src/core/assert';
import { DEFAULT_ANALYZE_SETTINGS, analyzePackage } from '../../../server/src/core/compiler/analyze';
import { expectedFailures, failuresAsWants, loadSources, relativeTo } from '../../helpers/assertFixture';
import { useGoParser } from '../../helpers/goParser';
import { FIXTURES, copyFixture, hasGo, removeDir } from '../../helpers/tempModule';
import { wantKeys } from '../../helpers/wants';

describe('assertions of one package, as the editor runs them', function () {
  this.timeout(180000);
  const s = useGoParser();
  let dir = '';
  before(function () {
    if (!hasGo()) this.skip();
    dir = copyFixture(path.join(FIXTURES, 'assert', 'directives'));
  });
  after(() => dir && removeDir(dir));

  const run = async (pkgDir: string) => {
    const loaded = loadSources(s.parser, pkgDir);
    const own = (f: string) => path.dirname(f) === pkgDir;
    const sources = loaded.sources.filter((x) => own(x.file));
    const directives = loaded.directives.filter((d) => own(d.file));
    try {
      const extraCompilerFlags = assertionCompilerFlags(directives);
      const r = await analyzePackage({ dir: pkgDir, explain: true, decisions: true, extraCompilerFlags, settings: DEFAULT_ANALYZE_SETTINGS });
      assert.equal(r.status, 'ok', r.summary);
      assert.ok(r.assembly && r.assembly.calls.length > 0, 'the listing was read');
      assert.ok(!/STEXT|\tCALL\t/.test(r.stderr), 'and kept out of the messages');
      return checkAssertions({ directives, sources, findings: r.findings, assembly: r.assembly });
    } finally {
      loaded.dispose();
    }
  };

  it("reports the package's own failures, with the compiler's reasons", async function () {
    const failures = await run(dir);
    // The call of sub.Loop fails by sub's directive, which a run of this package alone does not see.
    const want = expectedFailures(dir).filter((w) => path.dirname(w.file) === dir && w.message !== 'call to sub.Loop was not inlined');
    assert.deepEqual(wantKeys(failuresAsWants(failures).map(relativeTo(dir))), wantKeys(want.map(relativeTo(dir))));
    assert.equal(failures.find((f) => f.message === 'call to big was not inlined')?.reason, 'cannot inline big: function too complex: cost 92 exceeds budget 80');
    assert.ok(failures.find((f) => f.message === 'moved to heap: t')?.flows?.length, 'the -m=2 chain');
  });

  it('checks a package whose function is asserted inline against its own calls', async function () {
    const sub = path.join(dir, 'sub');
    assert.deepEqual((await run(sub)).map((f) => `${path.relative(dir, f.file)}:${f.line}: ${f.message}`), ['sub/sub.go:17: call to Loop was not inlined']);
  });
});
