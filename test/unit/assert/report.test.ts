// How a failure is shown: at its directive in the editor (range, message, hover) and as CLI text.
import * as assert from 'node:assert/strict';
import { directiveRange, failureMarkdown, failureText, messageAtDirective } from '../../../server/src/core/assert';
import type { AssertionFailure } from '../../../server/src/core/assert/types';
import { LineIndex } from '../../../server/src/core/positions';

const text = 'package p\n\nfunc f() *T {\n\tv := "«ü»" // gcassert:noescape\n\treturn &v\n}\n';
const failure: AssertionFailure = {
  directive: 'noescape', file: '/m/a.go', line: 4, column: 2, message: 'moved to heap: v', compiler: 'moved to heap: v',
  at: { file: '/m/a.go', line: 4, column: 28, endColumn: 36 },
  flows: [{ edge: '~r0 ← &v', steps: [{ text: '&v (address-of)', kind: 'address-of', file: '/m/a.go', line: 5, column: 9 }] }],
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

  it('print the compiler position, the directive and the chain as the compiler wrote it', function () {
    assert.equal(failureText(failure), '/m/a.go:4:2: noescape: moved to heap: v\n\tflow: ~r0 ← &v:\n\t  from &v (address-of) at /m/a.go:5:9');
    assert.equal(failureText({ ...failure, directive: 'unknown', message: 'unknown directive "x"', flows: undefined }), '/m/a.go:4:2: unknown directive "x"');
    assert.match(failureMarkdown({ ...failure, reason: undefined }), /^\*\*\/\/gcassert:noescape failed\*\*: moved to heap: v\n\nThe compiler's reason:\n\n```text\nflow: ~r0 ← &v:/);
  });
});
