// The parser's inlining, bounds-check and nil-check findings, on compiler output recorded with
// go1.26.8 (`-m=2 -d=ssa/check_bce/debug=1 -d=nil`) for test/fixtures/assert/decisions, whose
// `want` comments say what must be found and which text the editor underlines.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseInclude } from '../../../server/src/core/categories';
import { CATALOGUE } from '../../../server/src/core/catalogue/catalogue';
import { decisionCompilerFlags, decisionsNeedExplain, isDecisionCategory, parseDecision } from '../../../server/src/core/compiler/decisions';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { Finding } from '../../../server/src/core/findings';
import { decisionsAsWants } from '../../helpers/decisionWants';
import { useGoParser } from '../../helpers/goParser';
import { FIXTURES } from '../../helpers/tempModule';
import { readWants, wantKeys } from '../../helpers/wants';

const DIR = path.join(FIXTURES, 'assert', 'decisions');

describe('compiler decisions in recorded output', function () {
  const s = useGoParser();
  const output = fs.readFileSync(path.join(DIR, 'output.txt'), 'utf8');

  it('finds every wanted decision with its range, and nothing else', function () {
    const parsed = parseCompilerText(output, { cwd: DIR, decisions: true });
    assert.deepEqual(wantKeys(decisionsAsWants(parsed.findings, s.parser)), wantKeys(readWants(path.join(DIR, 'd.go'))));
  });

  it('reaches every decision rule of the catalogue', function () {
    const parsed = parseCompilerText(output, { cwd: DIR, decisions: true });
    const rules = CATALOGUE.filter((e) => e.kind === 'decision').map((e) => e.id).sort();
    assert.deepEqual([...new Set(parsed.findings.filter((f) => isDecisionCategory(f.category)).map((f) => f.rule))].sort(), rules);
  });

  it('reports no decision message as a compiler error', function () {
    const parsed = parseCompilerText(output, { cwd: DIR, decisions: true });
    assert.deepEqual(parsed.errors.filter((e) => /inline|nil check|Found Is/.test(e.message)), []);
  });

  it('are left out unless asked for', function () {
    const parsed = parseCompilerText(output, { cwd: DIR });
    assert.deepEqual(parsed.findings.filter((f) => isDecisionCategory(f.category)), []);
    assert.deepEqual(parsed.errors, []);
  });

  it('leave the escape verdicts as they were', function () {
    const withoutDecisions = output.split('\n').filter((l) => !/: (inlining call to|cannot inline|can inline|Found Is|removed nil check|generated nil check)/.test(l)).join('\n');
    const strip = (fs: Finding[]) => fs.filter((f) => !isDecisionCategory(f.category));
    assert.deepEqual(strip(parseCompilerText(output, { cwd: DIR, decisions: true }).findings), parseCompilerText(withoutDecisions, { cwd: DIR }).findings);
  });

  it('gives inlining findings the function, the reason and the cost against the budget', function () {
    const parsed = parseCompilerText(output, { cwd: DIR, decisions: true });
    const loops = parsed.findings.find((f) => f.message.startsWith('cannot inline loops'));
    assert.deepEqual(loops?.decision, { function: 'loops', inlined: false, reason: 'function too complex: cost 92 exceeds budget 80', cost: 92, budget: 80 });
    assert.equal(loops?.rule, 'not-inlined');
    assert.equal(loops?.func, 'loops');
    const kept = parsed.findings.find((f) => f.message.startsWith('cannot inline kept'));
    assert.deepEqual(kept?.decision, { function: 'kept', inlined: false, reason: 'marked go:noinline' });
    const sum = parsed.findings.find((f) => f.message === 'inlining call to (*T).Sum');
    assert.deepEqual(sum?.decision, { function: '(*T).Sum', inlined: true });
    assert.equal(sum?.rule, 'inlined-call');
  });
});

describe('decision messages', function () {
  const cases: [string, ReturnType<typeof parseDecision>][] = [
    ['inlining call to fmt.Println', { category: 'inline', rule: 'inlined-call', decision: { function: 'fmt.Println', inlined: true } }],
    ['cannot inline (*Box[go.shape.struct { a int }]).Get: call to recover', { category: 'inline', rule: 'not-inlined', decision: { function: '(*Box[go.shape.struct { a int }]).Get', inlined: false, reason: 'call to recover' } }],
    ['cannot inline f into g: repeated recursive cycle', { category: 'inline', rule: 'not-inlined', decision: { function: 'f', caller: 'g', inlined: false, reason: 'repeated recursive cycle' } }],
    ['Found IsInBounds', { category: 'bounds', rule: 'bounds-check', decision: { check: 'IsInBounds' } }],
    ['Found IsSliceInBounds', { category: 'bounds', rule: 'bounds-check', decision: { check: 'IsSliceInBounds' } }],
    ['generated nil check', { category: 'nil', rule: 'nil-check', decision: {} }],
    ['removed nil check', undefined],
    ['can inline f with cost 4 as: func() {  }', undefined],
    ['moved to heap: u', undefined],
  ];
  for (const [message, expected] of cases) {
    it(message, function () {
      assert.deepEqual(parseDecision(message), expected);
    });
  }
});

describe('decision categories in include', function () {
  it('are off by default and not part of all, so no flag is added', function () {
    for (const value of [undefined, 'all', 'moved,escapes,leak,noescape']) {
      const { include } = parseInclude(value);
      assert.deepEqual(decisionCompilerFlags(include), [], String(value));
      assert.equal(decisionsNeedExplain(include), false, String(value));
    }
  });

  it('ask for the flags that print them when named', function () {
    const { include, unknown } = parseInclude('all,inline,bounds,nil');
    assert.deepEqual(unknown, []);
    assert.deepEqual(decisionCompilerFlags(include), ['-d=ssa/check_bce/debug=1', '-d=nil']);
    assert.equal(decisionsNeedExplain(include), true);
    assert.deepEqual(decisionCompilerFlags(parseInclude('inline').include), []);
  });
});
