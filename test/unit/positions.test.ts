// Position conversion between the compiler's 1-based byte columns and LSP's 0-based UTF-16
// characters, as a table of cases: tabs, non-ASCII, surrogate pairs, CRLF, out-of-range columns.
import * as assert from 'node:assert/strict';
import { LineIndex, byteColumnToUtf16, utf16ToByteColumn, utf8Length } from '../../server/src/core/positions';

const cases: { line: string; byteColumn: number; utf16: number; note: string }[] = [
  { line: '\tu := User{}', byteColumn: 2, utf16: 1, note: 'a tab is one byte and one unit' },
  { line: 'x := "é"; y := 1', byteColumn: 12, utf16: 10, note: 'é is two bytes, one unit' },
  { line: 's := "😀"; y', byteColumn: 14, utf16: 11, note: 'an emoji is four bytes, two units' },
  { line: '中文 := 1', byteColumn: 4, utf16: 1, note: 'CJK is three bytes, one unit' },
  { line: 's := "\ud83d"; y', byteColumn: 13, utf16: 10, note: 'a lone high surrogate is written as U+FFFD, three bytes' },
  { line: 's := "\ude00"; y', byteColumn: 13, utf16: 10, note: 'a lone low surrogate is written as U+FFFD, three bytes' },
  { line: 'abc', byteColumn: 1, utf16: 0, note: 'first column' },
  { line: 'abc', byteColumn: 99, utf16: 3, note: 'past the end clamps' },
  { line: '', byteColumn: 1, utf16: 0, note: 'empty line' },
];

describe('positions', () => {
  for (const c of cases) {
    it(`byte ${c.byteColumn} of ${JSON.stringify(c.line)} is UTF-16 ${c.utf16} (${c.note})`, () => {
      assert.equal(byteColumnToUtf16(c.line, c.byteColumn), c.utf16);
      if (c.byteColumn <= utf8Length(c.line) + 1) assert.equal(utf16ToByteColumn(c.line, c.utf16), c.byteColumn);
    });
  }

  it('strips CR from CRLF lines and converts compiler positions', () => {
    const idx = new LineIndex('package main\r\n\r\nfunc f() {\r\n\tvar s = "é"; x := 1\r\n}\r\n');
    assert.equal(idx.lineText(3), '\tvar s = "é"; x := 1');
    assert.deepEqual(idx.fromCompiler(4, 16), { line: 3, character: 14 });
    assert.deepEqual(idx.toCompiler({ line: 3, character: 14 }), { line: 4, column: 16 });
    assert.equal(idx.offsetAt({ line: 3, character: 14 }), idx.text.indexOf('x :='));
    assert.deepEqual(idx.positionAt(idx.text.indexOf('x :=')), { line: 3, character: 14 });
  });

  it('clamps lines and characters outside the text', () => {
    const idx = new LineIndex('a\nbc');
    assert.equal(idx.offsetAt({ line: 9, character: 0 }), 4);
    assert.equal(idx.offsetAt({ line: 1, character: 99 }), 4);
    assert.deepEqual(idx.positionAt(99), { line: 1, character: 2 });
    assert.equal(idx.lineText(5), '');
  });
});
