// The assertions as a checker of the module-wide `check`: what it asks for per package, and that
// it reports the fixture's expected failures from the gate's kind of input (recorded output, split
// by package as the module analysis splits it).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertionChecker } from '../../../server/src/core/assert/gateChecker';
import { CATALOGUE } from '../../../server/src/core/catalogue/catalogue';
import { splitAssembly } from '../../../server/src/core/compiler/assembly';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import type { AnalysedPackage, CheckInput, GateReport } from '../../../server/src/core/gate/checker';
import { expectedFailures, relativeTo } from '../../helpers/assertFixture';
import { useGoParser } from '../../helpers/goParser';
import { goFilesUnder } from '../../helpers/proxyModule';
import { FIXTURES, makeModule, removeDir } from '../../helpers/tempModule';
import { wantKeys } from '../../helpers/wants';

const DIR = path.join(FIXTURES, 'assert', 'directives');

function pkg(importPath: string, dir: string, files: string[], extra: Partial<AnalysedPackage> = {}): AnalysedPackage {
  return { importPath, dir, files, testVariant: false, findings: [], output: '', explained: false, decisions: false, extraCompilerFlags: [], ...extra };
}

describe('assertion checker for go-escape check', function () {
  const s = useGoParser();
  const split = splitAssembly(fs.readFileSync(path.join(DIR, 'output.txt'), 'utf8').replaceAll('$DIR', DIR));
  const findings = parseCompilerText(split.messages, { cwd: DIR, decisions: true }).findings;
  const files = goFilesUnder(DIR);
  const sub = path.join(DIR, 'sub');
  // As the first pass gives them: `-m` findings, no listing.
  const first = [pkg('example.com/directives', DIR, files.filter((f) => path.dirname(f) === DIR)), pkg('example.com/directives/sub', sub, files.filter((f) => path.dirname(f) === sub))];
  // As the second pass gives them: decisions, bounds checks and each package's own listing.
  const second = first.map((p) => ({ ...p, decisions: true, findings: findings.filter((f) => path.dirname(f.file) === p.dir), assembly: split.byPackage.get(p.importPath) }));
  const inputOf = (packages: AnalysedPackage[]): CheckInput => ({ packages, findings: packages.flatMap((p) => p.findings), readFile: (f) => fs.readFileSync(f, 'utf8') });
  const withChecker = <T>(run: (c: ReturnType<typeof assertionChecker>) => T): T => {
    const c = assertionChecker(s.parser);
    try {
      return run(c);
    } finally {
      c.dispose!();
    }
  };

  it('asks for bounds checks, decisions, the listing and the reasons where the directives need them', function () {
    withChecker((c) => {
      const input = inputOf(first);
      assert.deepEqual(c.needs!(first[0], input), { explain: true, decisions: true, compilerFlags: ['-d=ssa/check_bce/debug=1', '-S'] });
      assert.deepEqual(c.needs!(first[1], input), { explain: true, decisions: true, compilerFlags: ['-S'] });
    });
  });

  it('asks nothing for a package without directives that calls none of their functions, the listing for one that calls them', function () {
    const dir = makeModule({ 'a.go': 'package a\n\nfunc F(s []int) int { return s[0] }\n', 'b/b.go': 'package b\n\nimport "example.com/m/c"\n\nfunc G() int { return c.Loop(1) }\n' });
    try {
      withChecker((c) => {
        const a = pkg('example.com/m', dir, [path.join(dir, 'a.go')]);
        const b = pkg('example.com/m/b', path.join(dir, 'b'), [path.join(dir, 'b', 'b.go')]);
        const input = inputOf([...first, a, b]);
        assert.equal(c.needs!(a, input), undefined);
        assert.deepEqual(c.needs!(b, input), { explain: false, decisions: true, compilerFlags: ['-S'] }, 'b calls Loop, which sub asserts inline');
      });
    } finally {
      removeDir(dir);
    }
  });

  it('reports the expected failures as assertion reports with rule ids and the directive', function () {
    const reports = withChecker((c) => c.check(inputOf(second)) as GateReport[]);
    const got = reports.map((r) => ({ file: path.relative(DIR, r.file), line: r.line, kind: r.directive!, message: r.message }));
    assert.deepEqual(wantKeys(got), wantKeys(expectedFailures(DIR).map(relativeTo(DIR))));
    assert.ok(reports.every((r) => r.kind === 'assertion' && r.rule!.startsWith('assert-') && r.directiveAt));
    assert.equal(reports.find((r) => r.directive === 'unknown')?.rule, 'assert-directive');
    const assertionRules = CATALOGUE.filter((e) => e.kind === 'assertion').map((e) => e.id).sort();
    assert.deepEqual([...new Set(reports.map((r) => r.rule))].sort(), assertionRules, 'the fixture reaches every assertion rule');
    const t = reports.find((r) => r.message === 'moved to heap: t')!;
    assert.deepEqual({ category: t.category, at: t.directiveAt }, { category: 'moved', at: { file: path.join(DIR, 'lines.go'), line: 10, column: 13, endColumn: 21 } });
  });

  it('does not check inline on a function without the listings', function () {
    const reports = withChecker((c) => c.check(inputOf(second.map((p) => ({ ...p, assembly: undefined })))) as GateReport[]);
    assert.deepEqual(reports.filter((r) => /call to (big|sub\.Loop|Loop) was not inlined/.test(r.message)), []);
    assert.ok(reports.some((r) => r.message === 'call to slow was not inlined'), 'line directives are still checked');
  });
});
