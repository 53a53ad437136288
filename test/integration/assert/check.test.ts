// `go-escape check` with the real go on a copy of test/fixtures/assert/directives: exactly the
// failures its `fails` comments expect, through the gate's module analysis and its second pass
// (bounds checks, decisions, the assembly listing, -m=2 for the reasons), in JSON, text and
// SARIF, together with new findings against a baseline, and the exit codes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Sarif from 'sarif';
import { expectedFailures, relativeTo } from '../../helpers/assertFixture';
import { REPO } from '../../helpers/lspClient';
import { multitool, validateSarif } from '../../helpers/sarifValidate';
import { FIXTURES, copyFixture, hasGo, makeModule, removeDir } from '../../helpers/tempModule';
import { Want, wantKeys } from '../../helpers/wants';

const CLI = path.join(REPO, 'dist', 'cli.js');

function check(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  kind: string;
  file: string;
  line: number;
  column: number;
  message: string;
  directive?: string;
  detail?: string;
  [field: string]: unknown;
}

const jsonLines = (stdout: string): JsonReport[] => stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JsonReport);
const asWants = (reports: JsonReport[]): Want[] => reports.map((r) => ({ file: r.file, line: r.line, kind: r.directive!, message: r.message }));

describe('go-escape check with the real go', function () {
  this.timeout(300000);
  let dir = '';
  let all: JsonReport[] = [];
  before(function () {
    if (!hasGo()) this.skip();
    dir = copyFixture(path.join(FIXTURES, 'assert', 'directives'));
    const r = check(dir, '--format', 'json', './...');
    assert.equal(r.status, 1, r.stderr);
    all = jsonLines(r.stdout);
  });
  after(() => dir && removeDir(dir));

  it('reports exactly the expected failures, with the reasons', function () {
    assert.ok(all.every((l) => l.kind === 'assertion'));
    assert.deepEqual(wantKeys(asWants(all).map(relativeTo(dir))), wantKeys(expectedFailures(dir).map(relativeTo(dir))));
    const big = all.filter((l) => l.message === 'call to big was not inlined');
    assert.equal(big.length, 3);
    for (const b of big) assert.equal(b.detail, 'cannot inline big: function too complex: cost 92 exceeds budget 80');
    const loop = all.find((l) => l.message === 'call to sub.Loop was not inlined');
    assert.equal(loop?.detail, 'cannot inline Loop: function too complex: cost 92 exceeds budget 80', 'the reason comes from the package the callee is in');
    const t = all.find((l) => l.message === 'moved to heap: t');
    assert.match(t?.detail ?? '', /&t is returned from ReturnsPointer/, "the compiler's -m=2 explanation, in plain words");
  });

  it('prints the JSON interface: kind, file, line, column, message, directive, rule and where the directive is', function () {
    const t = all.find((l) => l.message === 'moved to heap: t')!;
    assert.deepEqual(
      { kind: t.kind, file: t.file, line: t.line, column: t.column, message: t.message, directive: t.directive, rule: t.rule, category: t.category, directiveAt: t.directiveAt },
      { kind: 'assertion', file: path.join(dir, 'lines.go'), line: 11, column: 2, message: 'moved to heap: t', directive: 'noescape', rule: 'assert-noescape', category: 'moved', directiveAt: { file: path.join(dir, 'lines.go'), line: 10, column: 13, endColumn: 21 } },
    );
    assert.ok(all.every((l) => ['noescape', 'inline', 'bce', 'noheap', 'unknown'].includes(l.directive!) && typeof l.column === 'number' && path.isAbsolute(l.file)));
  });

  it('gives the same answer when every compile is replayed from the build cache', function () {
    const again = check(dir, '--format', 'json', './...');
    assert.equal(again.status, 1, again.stderr);
    assert.deepEqual(jsonLines(again.stdout), all);
  });

  it('checks one package when asked for one', function () {
    const r = check(dir, '--format', 'json', './sub');
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(jsonLines(r.stdout).map((l) => `${path.relative(dir, l.file)}:${l.line}: ${l.message}`), ['sub/sub.go:17: call to Loop was not inlined']);
  });

  it('with --tests checks the test files too, and a call compiled twice (package and test variant) fails once', function () {
    const test = path.join(dir, 'sub', 'sub_test.go');
    fs.writeFileSync(test, 'package sub\n\nimport "testing"\n\nvar sinkT *int\n\nfunc TestLoop(t *testing.T) {\n\t_ = Loop(0)\n\tx := 3 //gcassert:noescape\n\tsinkT = &x\n}\n');
    try {
      const r = check(dir, '--tests', '--format', 'json', './sub');
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(jsonLines(r.stdout).map((l) => `${path.relative(dir, l.file)}:${l.line}: ${l.message}`), ['sub/sub.go:17: call to Loop was not inlined', 'sub/sub_test.go:8: call to Loop was not inlined', 'sub/sub_test.go:9: moved to heap: x']);
      const without = check(dir, '--format', 'json', './sub');
      assert.equal(jsonLines(without.stdout).length, 1, 'test files are checked only with --tests');
    } finally {
      fs.rmSync(test, { force: true });
    }
  });

  it('prints text as the compiler does, with the directive and the reason', function () {
    const r = check(dir, './...');
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, all.length);
    assert.ok(lines.includes('./sub/sub.go:17:31: inline: call to Loop was not inlined: cannot inline Loop: function too complex: cost 92 exceeds budget 80'), r.stdout);
    assert.ok(lines.includes('./bad.go:4:12: unknown directive "frobnicate"'), r.stdout);
    assert.match(r.stderr, new RegExp(`go-escape: ${all.length} assertion failures\\n`));
  });

  it('writes SARIF that the multitool accepts, with the assertion rules from the catalogue', function () {
    if (!multitool()) this.skip();
    const file = path.join(dir, 'out.sarif');
    const r = check(dir, '--format', 'sarif', '--output', file, './...');
    assert.equal(r.status, 1, r.stderr);
    try {
      assert.deepEqual(validateSarif(file), []);
      const run = (JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif.Log).runs[0];
      const rules = new Map(run.tool.driver.rules!.map((x) => [x.id, x]));
      assert.deepEqual([...rules.keys()].sort(), ['assert-bce', 'assert-directive', 'assert-inline', 'assert-noescape', 'assert-noheap']);
      for (const rule of rules.values()) {
        assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.markdown, rule.id);
        assert.equal(rule.helpUri, `https://github.com/go-escape/go-escape/blob/main/RULES.md#${rule.id}`);
        assert.equal(rule.defaultConfiguration?.level, 'error');
      }
      assert.equal(run.results!.length, all.length);
      const t = run.results!.find((x) => x.message.text!.includes('moved to heap: t'))!;
      assert.equal(t.level, 'error');
      assert.match(t.message.text!, /^\/\/gcassert:noescape failed: moved to heap: t/);
      assert.deepEqual(t.locations![0].physicalLocation!.region, { startLine: 11, startColumn: 2, endLine: 11, endColumn: 3 });
      assert.deepEqual(t.relatedLocations![0].physicalLocation!.region, { startLine: 10, startColumn: 13, endLine: 10, endColumn: 21 }, 'the directive word');
      assert.ok(t.codeFlows?.[0].threadFlows[0].locations.length, 'the escape chain as a code flow');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('reports failed assertions and new heap findings against a baseline in one check', function () {
    const baseline = path.join(dir, 'escapes.baseline.json');
    const lines = path.join(dir, 'lines.go');
    const before = fs.readFileSync(lines, 'utf8');
    try {
      const b = spawnSync(process.execPath, [CLI, 'baseline', '--output', baseline, './...'], { cwd: dir, encoding: 'utf8' });
      assert.equal(b.status, 0, b.stderr);
      fs.appendFileSync(lines, '\nfunc Fresh() *int {\n\tn := 5\n\treturn &n\n}\n');
      const r = check(dir, '--baseline', baseline, '--format', 'json', './...');
      assert.equal(r.status, 1, r.stderr);
      const got = jsonLines(r.stdout);
      assert.deepEqual(got.filter((l) => l.kind === 'new').map((l) => [l.message, l.function, l.category, l.rule]), [['moved to heap: n', 'Fresh', 'moved', 'returned-address']]);
      assert.deepEqual(got.filter((l) => l.kind === 'assertion'), all);
    } finally {
      fs.writeFileSync(lines, before);
      fs.rmSync(baseline, { force: true });
    }
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
