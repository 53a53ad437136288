// What a document's text becomes under LSP content changes, computed here without the server's
// code: positions are UTF-16 code units, a line ends at \n (a \r before it is part of the end), a
// character past the end of its line means the end of the line, a line past the last means the end
// of the text (as vscode-languageserver-textdocument and VS Code read such positions).

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface ContentChange {
  range?: Range;
  text: string;
}

/** The offset of an LSP position whose line and character are integers >= 0. */
export function offsetAt(text: string, pos: Position): number {
  let start = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return text.length;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  else if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return Math.min(start + pos.character, end);
}

/** The LSP position (UTF-16) of a string offset. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The text after one content change; a range must not be reversed. */
export function applyChange(text: string, change: ContentChange): string {
  if (!change.range) return change.text;
  const start = offsetAt(text, change.range.start);
  const end = offsetAt(text, change.range.end);
  if (end < start) throw new Error(`reversed range ${JSON.stringify(change.range)}: no model for it`);
  return text.slice(0, start) + change.text + text.slice(end);
}

/** Moves an offset off the middle of a surrogate pair. */
export function offSurrogate(text: string, offset: number): number {
  const c = text.charCodeAt(offset);
  return offset > 0 && c >= 0xdc00 && c <= 0xdfff ? offset - 1 : offset;
}
