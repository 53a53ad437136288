// Edit arithmetic that every fix relies on: applying, mapping offsets through edits, ranges
// in UTF-16 after non-ASCII text, and turning gofmt's output back into minimal edits.
import * as assert from 'node:assert/strict';
import { applyEdits, mapOffset, withRanges, type FileEdit } from '../../../server/src/core/fixes/edits';
import { diffToEdits } from '../../../server/src/core/fixes/format';

const F = '/m/a.go';
const e = (startOffset: number, endOffset: number, newText: string): FileEdit => ({ file: F, startOffset, endOffset, newText });

describe('fix edits', () => {
  const applyCases: [string, string, FileEdit[], string][] = [
    ['delete a star', 'func f() *User {', [e(9, 10, '')], 'func f() User {'],
    ['insert and delete, given out of order', 'g(p); *q', [e(6, 7, ''), e(2, 2, '&')], 'g(&p); q'],
    ['insertion at the end', 'x', [e(1, 1, 'y')], 'xy'],
  ];
  for (const [name, text, edits, want] of applyCases) {
    it(`applies: ${name}`, () => assert.equal(applyEdits(text, edits), want));
  }

  it('rejects overlapping edits', () => {
    assert.throws(() => applyEdits('abcdef', [e(1, 4, ''), e(3, 5, 'x')]), /overlapping/);
  });

  const mapCases: [number, FileEdit[], number][] = [
    [5, [e(0, 1, '')], 4],
    [5, [e(6, 7, '')], 5],
    [5, [e(2, 2, '&&')], 7],
    [3, [e(2, 6, 'x')], 2],
    [5, [e(5, 5, '&')], 5],
  ];
  mapCases.forEach(([offset, edits, want], i) => {
    it(`maps offsets through edits (${i})`, () => assert.equal(mapOffset(offset, edits), want));
  });

  it('gives UTF-16 ranges after non-ASCII text on the line', () => {
    const text = 'package p\n\tu := "héllo😀"; return &u\n';
    const amp = text.indexOf('&u');
    const [r] = withRanges(new Map([[F, text]]), [e(amp, amp + 1, '')]);
    assert.deepEqual(r.range, { start: { line: 1, character: amp - 10 }, end: { line: 1, character: amp - 9 } });
    assert.equal(text.split('\n')[1].slice(r.range.start.character, r.range.end.character), '&');
  });

  const diffCases: [string, string, string][] = [
    ['one changed token', 'a\n\treturn &u // c\nb\n', 'a\n\treturn u  // c\nb\n'],
    ['two changed lines', 'x := *f()\ny\nz := g(p)\n', 'x := f()\ny\nz := g(&p)\n'],
    ['a line added', 'a\nb\n', 'a\nnew\nb\n'],
    ['nothing', 'same\n', 'same\n'],
  ];
  for (const [name, a, b] of diffCases) {
    it(`diffs into minimal edits: ${name}`, () => {
      const edits = diffToEdits(F, a, b);
      assert.equal(applyEdits(a, edits), b);
      const changed = edits.reduce((n, x) => n + (x.endOffset - x.startOffset) + x.newText.length, 0);
      assert.ok(changed <= 4, `edits stay small: ${JSON.stringify(edits)}`);
    });
  }
});
