// How a failure is shown: at its directive in the editor (range, message, hover), and as the
// gate's report in CLI text and JSON.
import * as assert from 'node:assert/strict';
import { directiveRange, failureMarkdown, messageAtDirective, toReport } from '../../../server/src/core/assert';
import type { AssertionFailure } from '../../../server/src/core/assert/types';
import { LineIndex } from '../../../server/src/core/positions';
import { jsonLine, textLine } from '../../../server/src/core/report/lines';
import type { Finding } from '../../../server/src/core/findings';

const text = 'package p\n\nfunc f() *T {\n\tv := "«ü»" // gcassert:noescape\n\treturn &v\n}\n';
const flows = [{ edge: '~r0 ← &v', steps: [{ text: '&v (address-of)', kind: 'address-of', file: '/m/a.go', line: 5, column: 9 }, { text: 'return &v (return)', kind: 'return', file: '/m/a.go', line: 5, column: 2 }] }];
const finding: Finding = { file: '/m/a.go', line: 4, column: 2, message: 'moved to heap: v', category: 'moved', rule: 'returned-address', origin: 'compiler', flows, func: 'f' };
const failure: AssertionFailure = {
  directive: 'noescape', file: '/m/a.go', line: 4, column: 2, message: 'moved to heap: v', finding,
  at: { file: '/m/a.go', line: 4, column: 28, endColumn: 36 },
  flows,
};

describe('assertion failures as shown', function () {
  it('underline the directive word in UTF-16 units', function () {
    assert.deepEqual(directiveRange(failure, new LineIndex(text)), { start: { line: 3, character: 24 }, end: { line: 3, character: 32 } });
  });

  it('name the place when it is not the directive line', function () {
    assert.equal(messageAtDirective(failure), 'moved to heap: v');
    assert.equal(messageAtDirective({ ...failure, at: { ...failure.at, line: 3 } }), 'moved to heap: v (line 4)');
    assert.equal(messageAtDirective({ ...failure, file: '/m/b.go', line: 9, column: 7 }), 'moved to heap: v (/m/b.go:9:7)');
  });

  it('give the hover the chain as the compiler wrote it', function () {
    assert.match(failureMarkdown({ ...failure, reason: undefined }), /^\*\*\/\/gcassert:noescape failed\*\*: moved to heap: v\n\nThe compiler's reason:\n\n```text\nflow: ~r0 ← &v:\n  from &v \(address-of\) at \/m\/a\.go:5:9/);
  });

  it('print the compiler position, the directive and the reason in plain words', function () {
    const r = toReport(failure);
    assert.equal(textLine(r, (f) => f), '/m/a.go:4:2: noescape: moved to heap: v: `&v` is returned from `f` (line 5), so `v` must outlive the stack frame of `f`.'.replace(/`/g, ''));
    const unknown = toReport({ ...failure, directive: 'unknown', message: 'unknown directive "x"', flows: undefined, finding: undefined, covered: { line: 5, column: 1 } });
    assert.equal(textLine(unknown, (f) => f), '/m/a.go:4:2: unknown directive "x"');
    const inline = toReport({ directive: 'inline', file: '/m/a.go', line: 9, column: 12, message: 'call to big was not inlined', at: failure.at, reason: 'cannot inline big: function too complex: cost 92 exceeds budget 80' });
    assert.equal(textLine(inline, (f) => f), '/m/a.go:9:12: inline: call to big was not inlined: cannot inline big: function too complex: cost 92 exceeds budget 80');
  });

  it('write JSON with kind, file, line, column, message and directive, and where the directive is', function () {
    const o = JSON.parse(jsonLine(toReport({ ...failure, covered: { line: 3, column: 1 } })));
    assert.deepEqual(Object.keys(o), ['kind', 'file', 'line', 'column', 'message', 'directive', 'directiveAt', 'covered', 'category', 'rule', 'detail']);
    assert.deepEqual({ kind: o.kind, file: o.file, line: o.line, column: o.column, message: o.message, directive: o.directive, rule: o.rule, category: o.category }, {
      kind: 'assertion', file: '/m/a.go', line: 4, column: 2, message: 'moved to heap: v', directive: 'noescape', rule: 'assert-noescape', category: 'moved',
    });
    assert.deepEqual(o.directiveAt, { file: '/m/a.go', line: 4, column: 28, endColumn: 36 });
    assert.deepEqual(o.covered, { line: 3, column: 1 });
  });
});
