// The assertion checker on compiler output recorded with go1.26.8 for
// test/fixtures/assert/directives: `go list -export -gcflags='-m -d=ssa/check_bce/debug=1 -S' ./...`
// run in the fixture, kept to the messages and the TEXT and CALL lines of the listings, with the
// fixture's directory written as $DIR. The fixture's `fails` comments are the expected failures.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertionCompilerFlags, checkAssertions, hasDirectives, symbolName } from '../../../server/src/core/assert/check';
import { mergeAssembly, splitAssembly } from '../../../server/src/core/compiler/assembly';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { expectedFailures, failuresAsWants, loadSources, relativeTo } from '../../helpers/assertFixture';
import { useGoParser } from '../../helpers/goParser';
import { FIXTURES } from '../../helpers/tempModule';
import { wantKeys } from '../../helpers/wants';

const DIR = path.join(FIXTURES, 'assert', 'directives');

describe('assertion checker on recorded output', function () {
  const s = useGoParser();
  const recorded = () => {
    const { messages, assembly } = splitAssembly(fs.readFileSync(path.join(DIR, 'output.txt'), 'utf8').replaceAll('$DIR', DIR));
    return { findings: parseCompilerText(messages, { cwd: DIR, decisions: true }).findings, assembly };
  };

  it('reports exactly the failures the fixture expects', function () {
    const { sources, directives, dispose } = loadSources(s.parser, DIR);
    try {
      const failures = checkAssertions({ directives, sources, ...recorded() });
      assert.deepEqual(wantKeys(failuresAsWants(failures).map(relativeTo(DIR))), wantKeys(expectedFailures(DIR).map(relativeTo(DIR))));
    } finally {
      dispose();
    }
  });

  it('points each failure at its directive', function () {
    const { sources, directives, dispose } = loadSources(s.parser, DIR);
    try {
      const failures = checkAssertions({ directives, sources, ...recorded() });
      const big = failures.filter((f) => f.message === 'call to big was not inlined');
      assert.equal(big.length, 3);
      for (const f of big) assert.deepEqual({ ...f.at, file: path.basename(f.at.file) }, { file: 'calls.go', line: 14, column: 12, endColumn: 18 });
      // The reasons are printed at -m=2 only (the integration test checks them).
      assert.equal(big[0].reason, undefined);
      const t = failures.find((f) => f.message === 'moved to heap: t')!;
      assert.deepEqual({ line: t.at.line, column: t.at.column }, { line: 10, column: 13 });
      assert.equal(t.finding?.message, 'moved to heap: t');
      assert.equal(t.finding?.category, 'moved');
    } finally {
      dispose();
    }
  });

  it('does not check inline on a function without the assembly listing', function () {
    const { sources, directives, dispose } = loadSources(s.parser, DIR);
    try {
      const failures = checkAssertions({ directives, sources, findings: recorded().findings });
      assert.deepEqual(failures.filter((f) => /call to (big|sub\.Loop|Loop) was not inlined/.test(f.message)), []);
      assert.ok(failures.some((f) => f.message === 'call to slow was not inlined'), 'line directives are still checked');
    } finally {
      dispose();
    }
  });

  it('asks for the flags its directives need, and none without directives', function () {
    const { directives, dispose } = loadSources(s.parser, DIR);
    try {
      assert.deepEqual(assertionCompilerFlags(directives), ['-d=ssa/check_bce/debug=1', '-S']);
      const lineOnly = directives.map((d) => ({ ...d, functions: [] }));
      assert.deepEqual(assertionCompilerFlags(lineOnly), ['-d=ssa/check_bce/debug=1']);
      const empty = directives.map((d) => ({ ...d, lines: [], functions: [], bad: [] }));
      assert.deepEqual(assertionCompilerFlags(empty), []);
      assert.equal(hasDirectives(empty), false);
    } finally {
      dispose();
    }
  });
});

describe('assembly listings', function () {
  const listing = [
    '# example.com/m',
    './a.go:3:6: can inline f',
    'example.com/m.caller STEXT size=120 args=0x0 locals=0x18 funcid=0x0 align=0x0',
    '\t0x0000 00000 (/m/a.go:44)\tTEXT\texample.com/m.caller(SB), ABIInternal, $24-0',
    '\t0x0014 00020 (/m/a.go:45)\tCALL\texample.com/m.alwaysInlined(SB)',
    '\t0x0019 00025 (/m/a.go:46)\tCALL\tAX',
    '\t0x0000 48 8b 44 24 08 48 89 44 24 10  H.D$.H.D$.',
    '\trel 21+4 t=R_CALL example.com/m.alwaysInlined+0',
    'example.com/m.(*Box[go.shape.struct { a int }]).Get STEXT dupok size=10 args=0x10 locals=0x0 funcid=0x0 align=0x0',
    '\t0x0000 00000 (/m/b.go:9)\tTEXT\texample.com/m.(*Box[go.shape.struct { a int }]).Get(SB), DUPOK|ABIInternal, $0-16',
    'go:cuinfo.producer.example.com/m SDWARFCUINFO dupok size=0',
    './a.go:45:15: moved to heap: x',
  ].join('\n');

  it('keeps the compiler messages in order and reads TEXT and CALL lines, by package', function () {
    const { messages, assembly, byPackage } = splitAssembly(listing);
    assert.equal(messages, ['# example.com/m', './a.go:3:6: can inline f', './a.go:45:15: moved to heap: x'].join('\n'));
    assert.deepEqual(assembly.calls, [{ file: '/m/a.go', line: 45, symbol: 'example.com/m.alwaysInlined', caller: 'example.com/m.caller' }]);
    assert.deepEqual(assembly.texts, [
      { file: '/m/a.go', line: 44, symbol: 'example.com/m.caller' },
      { file: '/m/b.go', line: 9, symbol: 'example.com/m.(*Box[go.shape.struct { a int }]).Get' },
    ]);
    assert.deepEqual([...byPackage.keys()], ['example.com/m']);
    assert.deepEqual(byPackage.get('example.com/m'), assembly);
  });

  it('keeps the listings of packages and test variants apart', function () {
    const two = [listing, '# example.com/m [example.com/m.test]', '# [example.com/m]', 'example.com/m.caller STEXT size=1', '	0x0014 00020 (/m/a.go:45)	CALL	example.com/m.alwaysInlined(SB)'].join('\n');
    const { messages, byPackage } = splitAssembly(two);
    assert.deepEqual([...byPackage.keys()], ['example.com/m', 'example.com/m [example.com/m.test]']);
    assert.equal(byPackage.get('example.com/m [example.com/m.test]')!.calls.length, 1);
    assert.match(messages, /^# \[example\.com\/m\]$/m, 'headers stay with the messages');
    const merged = mergeAssembly([...byPackage.values()])!;
    assert.deepEqual(merged.calls.map((c) => c.caller), ['0\0example.com/m.caller', '1\0example.com/m.caller'], 'one caller per compile');
  });

  it('names functions without package, receiver or type arguments', function () {
    assert.equal(symbolName('example.com/m.alwaysInlined'), 'alwaysInlined');
    assert.equal(symbolName('example.com/m.(*Box[go.shape.struct { a.b int }]).Get'), 'Get');
    assert.equal(symbolName('example.com/m.Max[go.shape.int]'), 'Max');
    assert.equal(symbolName('example.com/m.Calls.func1'), 'func1');
    assert.equal(symbolName('test.neverInlinedMethod'), 'neverInlinedMethod');
  });
});
