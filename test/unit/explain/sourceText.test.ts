// Compiler names rendered as source, on the recorded output of test/fixtures/hover.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceText, calleePackage, hasInternalNames, internalWord } from '../../../server/src/core/explain/sourceText';
import { HOVER_DIR, HOVER_GOLDEN, Recorded, hoverFixtureHash, recordedHover } from './recordedHover';

describe('compiler names as source', function () {
  let rec: Recorded;
  before(async () => (rec = await recordedHover()));
  after(() => rec.pkg.dispose());
  const file = path.join(HOVER_DIR, 'hover.go');
  const lineOf = (text: string) => fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

  it('was recorded from the current fixture', function () {
    assert.equal(fs.readFileSync(HOVER_GOLDEN, 'utf8').split('\n', 1)[0], `# fixtures ${hoverFixtureHash()}`, 'fixture changed: RECORD_HOVER_GOLDEN=1 npx mocha out/test/integration/explain/hover.test.js');
  });

  it('shows a temporary as the source expression at the step', function () {
    const line = lineOf('return r.Context().Value("key")');
    const step = rec.findings.find((f) => f.line === line && f.message === '"key" escapes to heap')!.flows![0].steps.find((s) => s.kind === 'call parameter')!;
    assert.match(step.text, /^\.autotmp_\d+\.Value\("key"\)/);
    assert.equal(new SourceText(rec.pkg).expr(step.text.replace(/ \(call parameter\)$/, ''), step), 'r.Context().Value("key")');
  });

  it('shows a result inside an expression as the call it stands for', function () {
    const f = rec.findings.find((x) => x.message.startsWith('"Basic realm=" + ~r0'))!;
    assert.equal(new SourceText(rec.pkg).expr('"Basic realm=" + ~r0', f), '"Basic realm=" + strconv.Quote(realm)');
  });

  it('says in words what the source cannot', function () {
    const text = new SourceText();
    assert.equal(text.expr('"a" + ~r0'), '"a" + (the result)');
    assert.equal(text.expr('.autotmp_4.Close()'), '(a temporary).Close()');
    assert.equal(internalWord('~r0'), 'the result');
    assert.equal(internalWord('~r1'), 'result 2');
    assert.equal(internalWord('~p0'), 'parameter 1');
    assert.ok(hasInternalNames('~p2.Write(b)') && !hasInternalNames('p.Write(b)'));
  });

  it("drops the package of an inlined callee's locals, not of its types and functions", function () {
    const text = new SourceText(undefined, ['strings', 'http']);
    assert.equal(text.expr('append(([]string)(nil), strings.oldnew...)'), 'append(([]string)(nil), oldnew...)');
    assert.equal(text.expr('http.r.ctx'), 'r.ctx');
    assert.equal(text.expr('&strings.Replacer{...}'), '&strings.Replacer{...}');
    assert.equal(text.expr('strings.genSplit(s, sep)'), 'strings.genSplit(s, sep)');
    assert.equal(new SourceText(undefined, ['context']).expr('context.backgroundCtx{}'), 'context.backgroundCtx{}');
  });

  it('reads the package of a callee as the compiler names it', function () {
    assert.equal(calleePackage('strings.NewReplacer'), 'strings');
    assert.equal(calleePackage('http.(*Request).Context'), 'http');
    assert.equal(calleePackage('(*Engine).allocateContext'), undefined);
  });
});
