// The assertions as a checker of the module-wide `check`: what it asks for per package, and that
// it reports the fixture's expected failures from the gate's kind of input (recorded output).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertionChecker } from '../../../server/src/core/assert/gateChecker';
import { CATALOGUE } from '../../../server/src/core/catalogue/catalogue';
import { splitAssembly } from '../../../server/src/core/compiler/assembly';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { expectedFailures, relativeTo } from '../../helpers/assertFixture';
import { useGoParser } from '../../helpers/goParser';
import { goFilesUnder } from '../../helpers/proxyModule';
import { FIXTURES, makeModule, removeDir } from '../../helpers/tempModule';
import { wantKeys } from '../../helpers/wants';

const DIR = path.join(FIXTURES, 'assert', 'directives');

describe('assertion checker for go-escape check', function () {
  const s = useGoParser();
  const output = fs.readFileSync(path.join(DIR, 'output.txt'), 'utf8').replaceAll('$DIR', DIR);
  const files = goFilesUnder(DIR);
  const packages = [
    { importPath: 'example.com/directives', files: files.filter((f) => path.dirname(f) === DIR), output, testVariant: false },
    { importPath: 'example.com/directives/sub', files: files.filter((f) => path.dirname(f) !== DIR), output, testVariant: false },
  ];
  const input = { packages, findings: parseCompilerText(splitAssembly(output).messages, { cwd: DIR, decisions: true }).findings, readFile: (f: string) => fs.readFileSync(f, 'utf8') };

  it('asks for bounds checks, the listing and the reasons where the directives need them', function () {
    const checker = assertionChecker(s.parser);
    try {
      assert.deepEqual(checker.needs(packages[0], input), { explain: true, compilerFlags: ['-d=ssa/check_bce/debug=1', '-S'] });
      assert.deepEqual(checker.needs(packages[1], input), { explain: true, compilerFlags: ['-S'] });
    } finally {
      checker.dispose();
    }
  });

  it('asks nothing for a package without directives that calls none of their functions', function () {
    const dir = makeModule({ 'a.go': 'package a\n\nfunc F(s []int) int { return s[0] }\n' });
    const checker = assertionChecker(s.parser);
    try {
      const pkg = { importPath: 'example.com/m', files: [path.join(dir, 'a.go')], output: '', testVariant: false };
      assert.equal(checker.needs(pkg, { ...input, packages: [...packages, pkg] }), undefined);
    } finally {
      checker.dispose();
      removeDir(dir);
    }
  });

  it('reports the expected failures as assertion reports with rule ids', function () {
    const checker = assertionChecker(s.parser);
    try {
      const reports = checker.check(input);
      const got = reports.map((r) => ({ file: path.relative(DIR, r.file), line: r.line, kind: r.directive, message: r.message }));
      assert.deepEqual(wantKeys(got), wantKeys(expectedFailures(DIR).map(relativeTo(DIR))));
      assert.ok(reports.every((r) => r.kind === 'assertion' && r.rule.startsWith('assert-')));
      assert.equal(reports.find((r) => r.directive === 'unknown')?.rule, 'assert-directive');
      const assertionRules = CATALOGUE.filter((e) => e.kind === 'assertion').map((e) => e.id).sort();
      assert.deepEqual([...new Set(reports.map((r) => r.rule))].sort(), assertionRules, 'the fixture reaches every assertion rule');
    } finally {
      checker.dispose();
    }
  });
});
