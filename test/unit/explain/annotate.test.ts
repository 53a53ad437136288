// Inlined callees, package initialisation and the hover texts built on them, from the recorded
// output of test/fixtures/hover (no toolchain; the same notes run against the installed go in
// test/integration/explain/hover.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { annotateFindings } from '../../../server/src/core/explain/annotate';
import { hoverGroupMarkdown } from '../../../server/src/core/explain/hoverGroup';
import { hoverMarkdown } from '../../../server/src/core/explain/hoverText';
import { parseInlinedCalls, positionKey } from '../../../server/src/core/explain/inlining';
import { TypeWorld } from '../../../server/src/core/explain/typeWorld';
import { messageCategory } from '../../../server/src/core/findings';
import { HOVER_DIR, Recorded, recordedHover } from './recordedHover';

describe('annotated findings of the hover fixture', function () {
  let rec: Recorded;
  const world = new TypeWorld();
  const file = path.join(HOVER_DIR, 'hover.go');
  const lineOf = (text: string) => fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
  before(async () => {
    rec = await recordedHover();
    await annotateFindings(rec.findings, { pkg: rec.pkg, world, compilerOutput: rec.output, cwd: HOVER_DIR });
  });
  after(() => {
    rec.pkg.dispose();
    world.dispose();
  });

  it('reads the inlining lines, outermost callee first', function () {
    const calls = parseInlinedCalls('./a.go:3:9: inlining call to http.(*Request).Context\n./a.go:3:9: inlining call to context.Background\n./a.go:3:9: inlining call to context.Background\n./a.go:4:2: u escapes to heap', '/m');
    assert.deepEqual([...calls], [[positionKey('/m/a.go', 3, 9), ['http.(*Request).Context', 'context.Background']]]);
  });

  it("tells an inlined callee's verdicts from the caller's own at the call", function () {
    const line = lineOf('return e.allocate()');
    const here = rec.findings.filter((f) => f.line === line && messageCategory(f) !== 'leak' && messageCategory(f) !== 'noescape');
    assert.ok(here.length >= 5);
    for (const f of here) assert.equal(f.inlined?.callee, '(*Engine).allocate', f.message);
    const v = here.find((f) => f.message === 'moved to heap: v')!;
    assert.deepEqual([v.inlined!.line, path.basename(v.inlined!.file!)], [lineOf('v := make([]int, 0, e.maxParams)'), 'hover.go']);
    const own = rec.findings.find((f) => f.line === lineOf('e.pool.New = func() any {') && f.message === 'func literal escapes to heap')!;
    assert.equal(own.inlined, undefined);
  });

  it('labels package initialisation, and not the body of a function literal made there', function () {
    const heap = (f: { category: string }) => ['moved', 'escapes', 'noalloc'].includes(f.category);
    const quote = rec.findings.filter((f) => f.line === lineOf('var quote = strings.NewReplacer(') && heap(f));
    assert.ok(quote.length >= 3 && quote.every((f) => f.packageInit));
    assert.ok(rec.findings.find((f) => f.line === lineOf('registry = &User{ID: 1}'))!.packageInit);
    assert.ok(!rec.findings.find((f) => f.line === lineOf('u := User{ID: 2'))!.packageInit);
  });

  it('puts the fix right after the headline and the reason, and the chain after it', function () {
    const f = rec.findings.find((x) => x.message === 'moved to heap: x')!;
    const md = hoverMarkdown(f, { goVersion: 'go1.26.8', pkg: rec.pkg, context: rec.context });
    const parts = md.split('\n\n');
    assert.equal(parts[0], '**`x` is moved to the heap**');
    assert.match(parts[1], /^`x` is captured by a function literal \(line \d+\)\.$/);
    assert.match(parts[2], /^\*\*Fix:\*\* Pass what the closure needs as an argument/);
    assert.ok(md.indexOf('**Why**') > md.indexOf('**Fix:**'));
  });

  it('groups the findings of one line into one short hover, with shared parts once', function () {
    const line = lineOf('return e.allocate()');
    const here = rec.findings.filter((f) => f.line === line && ['moved', 'escapes'].includes(messageCategory(f)));
    const md = hoverGroupMarkdown(here, { goVersion: 'go1.26.8', pkg: rec.pkg, context: rec.context });
    const lines = md.split('\n');
    assert.ok(lines.length < 20, `${lines.length} lines`);
    assert.equal(lines.filter((l) => /^\d+\. \*\*/.test(l)).length, here.length);
    assert.equal(md.split('_Verdict from go1.26.8._').length, 2);
    const fixes = lines.filter((l) => l.startsWith('**Fix**'));
    assert.equal(new Set(fixes).size, fixes.length);
    const single = here.map((f) => hoverMarkdown(f, { goVersion: 'go1.26.8', pkg: rec.pkg, context: rec.context }).split('\n').length).reduce((a, b) => a + b, 0);
    assert.ok(lines.length * 2 < single, `grouped ${lines.length} lines, one by one ${single}`);
  });
});
