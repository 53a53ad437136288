// `go-escape check` with the real go on a copy of test/fixtures/assert/directives: exactly the
// failures its `fails` comments expect, with the compiler's reasons (-m=2), and the exit codes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { DEFAULT_ANALYZE_SETTINGS } from '../../../server/src/core/compiler/analyze';
import { runAssertions } from '../../../server/src/core/assert/runAssertions';
import { expectedFailures, failuresAsWants, relativeTo } from '../../helpers/assertFixture';
import { useGoParser } from '../../helpers/goParser';
import { REPO } from '../../helpers/lspClient';
import { FIXTURES, copyFixture, hasGo, makeModule, removeDir } from '../../helpers/tempModule';
import { wantKeys } from '../../helpers/wants';

const CLI = path.join(REPO, 'dist', 'cli.js');

function check(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('go-escape check with the real go', function () {
  this.timeout(180000);
  const s = useGoParser();
  let dir: string | undefined;
  before(function () {
    if (!hasGo()) this.skip();
    dir = copyFixture(path.join(FIXTURES, 'assert', 'directives'));
  });
  after(() => dir && removeDir(dir));

  it('reports exactly the expected failures, with the reasons', async function () {
    const r = await runAssertions({ cwd: dir!, patterns: ['./...'], settings: DEFAULT_ANALYZE_SETTINGS, parser: s.parser });
    assert.equal(r.status, 'ok', r.summary);
    assert.deepEqual([...r.packages].sort(), ['example.com/directives', 'example.com/directives/sub']);
    assert.deepEqual(wantKeys(failuresAsWants(r.failures).map(relativeTo(dir!))), wantKeys(expectedFailures(dir!).map(relativeTo(dir!))));
    const big = r.failures.find((f) => f.message === 'call to big was not inlined');
    assert.equal(big?.reason, 'cannot inline big: function too complex: cost 92 exceeds budget 80');
    const loop = r.failures.find((f) => f.message === 'call to sub.Loop was not inlined');
    assert.equal(loop?.reason, 'cannot inline Loop: function too complex: cost 92 exceeds budget 80', 'the reason comes from the package the callee is in');
    const t = r.failures.find((f) => f.message === 'moved to heap: t');
    assert.deepEqual(t?.flows?.map((fl) => [fl.edge, ...fl.steps.map((st) => st.text)]), [['~r0 ← &t', '&t (address-of)', 'return &t (return)']]);
  });

  it('checks one package when asked for one', async function () {
    const r = await runAssertions({ cwd: dir!, patterns: ['./sub'], settings: DEFAULT_ANALYZE_SETTINGS, parser: s.parser });
    assert.deepEqual(r.failures.map((f) => `${path.relative(dir!, f.file)}:${f.line}: ${f.message}`), ['sub/sub.go:17: call to Loop was not inlined']);
  });

  it('prints JSON lines with kind, directive and positions, and exits 1', function () {
    const r = check(dir!, '--format', 'json', './...');
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, expectedFailures(dir!).length);
    const t = lines.find((l) => l.message === 'moved to heap: t');
    assert.deepEqual(t, {
      kind: 'assertion', file: path.join(dir!, 'lines.go'), line: 11, column: 2, message: 'moved to heap: t', directive: 'noescape',
      directiveAt: { file: path.join(dir!, 'lines.go'), line: 10, column: 13, endColumn: 21 }, compiler: 'moved to heap: t',
      explanation: ['flow: ~r0 ← &t:', `  from &t (address-of) at ${path.join(dir!, 'lines.go')}:12:9`, `  from return &t (return) at ${path.join(dir!, 'lines.go')}:12:2`],
    });
    assert.ok(lines.every((l) => l.kind === 'assertion' && ['noescape', 'inline', 'bce', 'noheap', 'unknown'].includes(l.directive)));
  });

  it('exits 0 when all assertions hold, 4 when the packages do not build, 3 without go, 2 on usage errors', function () {
    const ok = makeModule({ 'a.go': 'package a\n\nfunc F(s []int) int {\n\tt := 0\n\tfor i := range s {\n\t\tt += s[i] //gcassert:bce\n\t}\n\treturn t\n}\n' });
    const broken = makeModule({ 'a.go': 'package a\n\n//gcassert:inline\nfunc F() int { return undefined }\n' });
    try {
      const clean = check(ok, './...');
      assert.equal(clean.status, 0, clean.stderr);
      assert.equal(clean.stdout, '');
      const bad = check(broken, './...');
      assert.equal(bad.status, 4);
      assert.match(bad.stderr, /undefined: undefined/);
      assert.equal(check(ok, '--go', path.join(ok, 'no-such-go'), './...').status, 3);
      assert.equal(check(ok).status, 2);
      assert.equal(check(ok, '--format', 'xml', './...').status, 2);
    } finally {
      removeDir(ok);
      removeDir(broken);
    }
  });
});
