// Published ranges follow edits made after an analysis: a table of edits and where a range on
// line 5, characters 4-5 (an identifier `u`), ends up.
import * as assert from 'node:assert/strict';
import { TextChange, rangeMover, shiftRange } from '../../server/src/core/editShift';

const r = { start: { line: 5, character: 4 }, end: { line: 5, character: 5 } };
const at = (l: number, c: number) => ({ line: l, character: c });

const cases: { note: string; change: TextChange; want: string | undefined }[] = [
  { note: 'a line inserted above moves it down', change: { range: { start: at(2, 0), end: at(2, 0) }, text: 'x\n' }, want: '6:4-6:5' },
  { note: 'two lines deleted above move it up', change: { range: { start: at(1, 0), end: at(3, 0) }, text: '' }, want: '3:4-3:5' },
  { note: 'text typed before it on its line shifts the characters', change: { range: { start: at(5, 1), end: at(5, 1) }, text: 'ab' }, want: '5:6-5:7' },
  { note: 'an edit after it on the same line leaves it', change: { range: { start: at(5, 9), end: at(5, 9) }, text: 'z' }, want: '5:4-5:5' },
  { note: 'an edit below leaves it', change: { range: { start: at(9, 0), end: at(9, 3) }, text: '' }, want: '5:4-5:5' },
  { note: 'an edit over it drops it', change: { range: { start: at(5, 3), end: at(5, 6) }, text: 'q' }, want: undefined },
  { note: 'typing letters right after it changes the identifier: dropped', change: { range: { start: at(5, 5), end: at(5, 5) }, text: 'x' }, want: undefined },
  { note: 'typing letters right before it changes the identifier: dropped', change: { range: { start: at(5, 4), end: at(5, 4) }, text: 'x' }, want: undefined },
  { note: 'a space typed right before it shifts it', change: { range: { start: at(5, 4), end: at(5, 4) }, text: ' ' }, want: '5:5-5:6' },
  { note: 'a newline splitting the line before it moves it to the next line', change: { range: { start: at(5, 2), end: at(5, 2) }, text: '\n\t' }, want: '6:3-6:4' },
  { note: 'a full replacement drops it', change: { text: 'package main\n' }, want: undefined },
  { note: 'typing on a line above leaves it', change: { range: { start: at(3, 2), end: at(3, 2) }, text: 'abc' }, want: '5:4-5:5' },
];

describe('edit shifting', () => {
  for (const c of cases) {
    it(c.note, () => {
      const got = shiftRange(r, c.change);
      assert.equal(got && `${got.start.line}:${got.start.character}-${got.end.line}:${got.end.character}`, c.want);
    });
  }

  it('keeps the same object for a range an edit does not move, so what is derived from it is reused', () => {
    assert.equal(shiftRange(r, { range: { start: at(3, 2), end: at(3, 2) }, text: 'abc' }), r);
    assert.equal(shiftRange(r, { range: { start: at(9, 0), end: at(9, 3) }, text: '' }), r);
    assert.notEqual(shiftRange(r, { range: { start: at(3, 2), end: at(3, 2) }, text: '\n' }), r);
  });

  it('moves ranges in place exactly as it shifts them, for every case above', () => {
    for (const c of cases) {
      const mine = { start: { ...r.start }, end: { ...r.end } };
      const kept = rangeMover(c.change)(mine);
      assert.equal(kept ? `${mine.start.line}:${mine.start.character}-${mine.end.line}:${mine.end.character}` : undefined, c.want, c.note);
    }
  });

  it('moves a zero-width range whose ends are one object once, not twice', () => {
    const change: TextChange = { range: { start: at(5, 0), end: at(5, 0) }, text: 'ab\n' };
    const p = at(5, 4);
    const point = { start: p, end: p };
    assert.equal(rangeMover(change)(point), true);
    assert.deepEqual(point.start, at(6, 4));
    assert.deepEqual(point.start, shiftRange({ start: at(5, 4), end: at(5, 4) }, change)?.start);
  });
});

