// Hover and related-information content, rendered from the recorded go1.26.8 output of the rule
// fixtures (test/fixtures/rules/golden), so it needs no toolchain.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCompilerText } from '../../../server/src/core/compiler/parseText';
import { code, relatedInformation } from '../../../server/src/core/explain/chain';
import { explainFindings } from '../../../server/src/core/explain/classify';
import { hoverMarkdown, stackHoverMarkdown } from '../../../server/src/core/explain/hoverText';
import { Finding } from '../../../server/src/core/findings';
import { FIXTURES } from '../../helpers/tempModule';

const VERSION = 'go1.26.8';
const DIR = '/fx';
const findings = explainFindings(
  parseCompilerText(fs.readFileSync(path.join(FIXTURES, 'rules', 'golden', `${VERSION}.txt`), 'utf8'), { cwd: DIR }).findings,
  VERSION,
);
const fileUri = (file: string, line: number, column: number) => `file://${file}#L${line}C${column}`;
const BASE = 'https://example.invalid/RULES.md';

/** The finding on a fixture line whose message matches; fails when there is not exactly one. */
function at(file: string, line: number, message: RegExp): Finding {
  const found = findings.filter((f) => f.file === path.join(DIR, file) && f.line === line && message.test(f.message));
  assert.equal(found.length, 1, `${file}:${line} ${message}: ${found.map((f) => f.message).join(', ')}`);
  return found[0];
}

/** The source line of a fixture that contains a text, so the test follows edits to the fixture. */
function lineOf(file: string, text: string): number {
  const i = fs.readFileSync(path.join(FIXTURES, 'rules', file), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${file}: no line with ${text}`);
  return i + 1;
}

describe('hover markdown', function () {
  const decl = lineOf('returned-address.go', 'u := User{ID: 2');
  const ret = decl + 1;
  const createUserV2 = at('returned-address.go', decl, /^moved to heap: u$/);

  it('gives the verdict, the exact message, the chain with links, the rule and the version', function () {
    const md = hoverMarkdown(createUserV2, { goVersion: VERSION, fileUri, rulesBase: BASE });
    assert.ok(md.startsWith('**`u` is moved to the heap**'), md);
    assert.ok(md.includes('Compiler: `moved to heap: u`'), md);
    assert.ok(md.includes(`\`&u\` is returned from \`createUserV2\` ([line ${ret}](file://${DIR}/returned-address.go#L${ret}C2)).`), md);
    assert.ok(md.includes(`**Why** ([The address of a local outlives the function](${BASE}#returned-address)): \`u\` must outlive the stack frame of \`createUserV2\`.`), md);
    assert.ok(md.includes('**Fix:** Return the value itself'), md);
    // The headline, the one-line reason and the fix come first; the chain and the compiler's words after.
    const order = ['**`u` is moved to the heap**', '`&u` is returned from `createUserV2`', '**Fix:**', '**Why**', 'Compiler:'].map((t) => md.indexOf(t));
    assert.deepEqual([...order].sort((a, b) => a - b), order, md);
    assert.ok(order.every((i) => i >= 0), md);
    assert.ok(md.includes(`[Pass small structs by value](${BASE}#pass-by-value)`), md);
    assert.ok(md.includes('_Verdict from go1.26.8._'), md);
    assert.ok(!md.includes('Quick fix'), 'no quick fix is claimed unless the LSP layer has one');
  });

  it('mentions the quick fix when the LSP layer has one', function () {
    const md = hoverMarkdown(createUserV2, { goVersion: VERSION, quickFixTitle: 'Return User by value' });
    assert.ok(md.includes('**Quick fix:** Return User by value'), md);
    assert.ok(md.includes('](RULES.md#returned-address)'), 'default base is RULES.md');
  });

  it('names the file of a step in another file', function () {
    const line = lineOf('interface-conversion.go', 'log.Printf');
    const md = hoverMarkdown(at('interface-conversion.go', line, /^n escapes to heap$/), { goVersion: VERSION, fileUri });
    assert.match(md, /3\. the `\.\.\.` argument slice is passed to `fmt\.Appendf` \(\[log\.go:\d+\]\(file:\/\/.*\/log\/log\.go#L\d+C\d+\)\)/);
    assert.ok(md.includes('**`n` is copied to the heap for an interface value**'), md);
  });

  it('says so when the compiler gave no explanation', function () {
    const bare: Finding = { ...createUserV2, flows: undefined, rule: 'unexplained' };
    const md = hoverMarkdown(bare, { goVersion: VERSION });
    assert.ok(md.includes('[No explanation from the compiler](RULES.md#unexplained)'), md);
    assert.ok(md.includes('gave no explanation for this verdict'), md);
    assert.ok(!md.includes('returned'), md);
  });

  it('marks predictions as not yet confirmed and keeps the predictor rule', function () {
    const predicted: Finding = { ...createUserV2, origin: 'prediction', flows: undefined, rule: 'returned-address' };
    const md = hoverMarkdown(predicted, {});
    assert.ok(md.includes('The compiler would print: `moved to heap: u`'), md);
    assert.ok(md.includes('(RULES.md#returned-address)'), md);
    assert.ok(md.includes('_Predicted from the code as typed'), md);
  });

  it('adds the version note to a variable-size make that stays on the stack', function () {
    const line = lineOf('non-constant-size.go', 'make([]byte, n)');
    const md = hoverMarkdown(at('non-constant-size.go', line, /does not escape/), { goVersion: VERSION });
    assert.ok(md.includes('**`make([]byte, n)` stays on the stack**'), md);
    assert.ok(md.includes('32 bytes'), md);
  });

  it('says a variable the compiler did not move stays on the stack', function () {
    const md = stackHoverMarkdown('buf', VERSION, { rulesBase: BASE });
    assert.ok(md.startsWith('**`buf` stays on the stack**'), md);
    assert.ok(md.includes('The compiler (go1.26.8) reported no heap allocation for `buf`'), md);
    assert.ok(md.includes(`(${BASE}#no-escape)`), md);
  });

  it('names the instantiations of generic code the verdict was printed for', function () {
    const dir = path.join(FIXTURES, 'parser', 'generics-m2');
    const parsed = explainFindings(parseCompilerText(fs.readFileSync(path.join(dir, 'output.txt'), 'utf8'), { cwd: dir }).findings, VERSION);
    const shaped = parsed.find((f) => f.line === 5 && f.column === 17 && f.message === 'moved to heap: v')!;
    const md = hoverMarkdown(shaped, { goVersion: VERSION, rulesBase: BASE });
    assert.match(md, /\*\*Instantiations:\*\* the compiler printed this for `Box\[go\.shape\.struct \{ example\.com\/generics\.a \[8\]int \}\]`, `Box\[go\.shape\.string\]` and `Box\[go\.shape\.int\]` \(`go\.shape\.…` names/);
    const wrappers = parsed.find((f) => f.line === 5 && f.column === 6 && f.message === 'moved to heap: v')!;
    assert.match(hoverMarkdown(wrappers, { goVersion: VERSION }), /for `Box\[example\.com\/generics\.S\]`, `Box\[string\]` and `Box\[int\]`\.\n/);
    assert.doesNotMatch(hoverMarkdown(createUserV2, { goVersion: VERSION }), /Instantiation/);
  });

  it('fences code that contains backticks', function () {
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('`x`'), '`` `x` ``');
  });
});

describe('related information', function () {
  it('carries the chain with the compiler positions, the conclusion on the last step', function () {
    const line = lineOf('returned-address.go', 'p := &u');
    const decl = lineOf('returned-address.go', 'u := User{ID: 6}');
    const info = relatedInformation(at('returned-address.go', decl, /^moved to heap: u$/), VERSION);
    const file = path.join(DIR, 'returned-address.go');
    assert.deepEqual(info, [
      { file, line, column: 4, message: '&u is assigned to p: p := &u' },
      { file, line: line + 1, column: 4, message: 'p is assigned to q: q := p' },
      { file, line: line + 2, column: 2, message: 'q is returned from twoHops, so u must outlive the stack frame of twoHops.' },
    ]);
  });

  it('is empty when there is no explanation', function () {
    const decl = lineOf('returned-address.go', 'u := User{ID: 2');
    const f = at('returned-address.go', decl, /^moved to heap: u$/);
    assert.deepEqual(relatedInformation({ ...f, flows: undefined }), []);
  });
});
