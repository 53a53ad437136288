// The one module that converts positions. The compiler speaks 1-based lines and 1-based
// UTF-8 byte columns; LSP and web-tree-sitter speak 0-based lines and UTF-16 code units.
// Every conversion between them goes through here so that tabs, CRLF and non-ASCII text
// are handled in exactly one place.

/** A 0-based line and a 0-based UTF-16 character offset, the LSP shape without the LSP types. */
export interface Utf16Position {
  line: number;
  character: number;
}

/** A range of two such positions, the end exclusive. */
export interface Utf16Range {
  start: Utf16Position;
  end: Utf16Position;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Number of UTF-8 bytes the UTF-16 code unit at `s[i]` contributes. A surrogate pair is one
 * 4-byte code point, counted on its high half. A lone surrogate (half an emoji, possible in an
 * editor buffer) is written to disk as U+FFFD, three bytes, which is what the compiler counts.
 */
function utf8Width(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (isHigh(c)) return isLow(s.charCodeAt(i + 1)) ? 4 : 3;
  if (isLow(c)) return isHigh(s.charCodeAt(i - 1)) ? 0 : 3;
  return 3;
}

/**
 * Converts a 1-based UTF-8 byte column on `lineText` to a 0-based UTF-16 character offset.
 * A column past the end of the line clamps to the line's length.
 */
export function byteColumnToUtf16(lineText: string, byteColumn: number): number {
  let bytes = 0;
  const target = Math.max(0, byteColumn - 1);
  for (let i = 0; i < lineText.length; i++) {
    if (bytes >= target) return i;
    bytes += utf8Width(lineText, i);
  }
  return lineText.length;
}

/** Converts a 0-based UTF-16 character offset on `lineText` to a 1-based UTF-8 byte column. */
export function utf16ToByteColumn(lineText: string, character: number): number {
  let bytes = 0;
  const end = Math.min(character, lineText.length);
  for (let i = 0; i < end; i++) bytes += utf8Width(lineText, i);
  return bytes + 1;
}

/** UTF-8 length of a string without allocating a buffer. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n += utf8Width(s, i);
  return n;
}

/**
 * Line starts of a text, for turning offsets into positions and back. Lines end at `\n`;
 * a `\r` before it belongs to the line ending, not to the line's text.
 */
export class LineIndex {
  /** Offsets where lines start. Sized exactly: documents get a new index on every keystroke. */
  private readonly starts: Uint32Array;

  constructor(readonly text: string) {
    let lines = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
    this.starts = new Uint32Array(lines);
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts[n++] = i + 1;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The text of a 0-based line without its line ending; empty for lines past the end. */
  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    const start = this.starts[line];
    let end = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return this.text.slice(start, end);
  }

  /** UTF-16 offset of a 0-based line and UTF-16 character, clamped to the line. */
  offsetAt(pos: Utf16Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    // The line's end, found without slicing its text: this runs for every diagnostic on every keystroke.
    let end = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] - 1 : this.text.length;
    if (end > start && this.text.charCodeAt(end - 1) === 13) end--;
    return start + Math.max(0, Math.min(pos.character, end - start));
  }

  /** 0-based line and UTF-16 character of a UTF-16 offset. */
  positionAt(offset: number): Utf16Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /** Converts the compiler's 1-based line and 1-based byte column to a 0-based UTF-16 position. */
  fromCompiler(line: number, byteColumn: number): Utf16Position {
    const l = line - 1;
    return { line: Math.max(0, l), character: byteColumnToUtf16(this.lineText(l), byteColumn) };
  }

  /** Converts a 0-based UTF-16 position to the compiler's 1-based line and 1-based byte column. */
  toCompiler(pos: Utf16Position): { line: number; column: number } {
    return { line: pos.line + 1, column: utf16ToByteColumn(this.lineText(pos.line), pos.character) };
  }

  /** UTF-16 offset of the compiler's 1-based line and byte column. */
  offsetOfCompiler(line: number, byteColumn: number): number {
    return this.offsetAt(this.fromCompiler(line, byteColumn));
  }
}
