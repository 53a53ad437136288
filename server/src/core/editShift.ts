// Keeps published ranges in step with edits made after an analysis: a range before an edit
// stays, a range after it moves with the text, a range the edit touches is dropped until the
// next run confirms it. Coordinates are 0-based lines and UTF-16 characters, as in LSP.
import { Utf16Position } from './positions';
import { Utf16Range } from './ranges';

export interface TextChange {
  /** Replaced range in the text before the change; undefined replaces the whole text. */
  range?: Utf16Range;
  text: string;
}

function compare(a: Utf16Position, b: Utf16Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** Where the end of the inserted text lands. */
function insertedEnd(start: Utf16Position, text: string): Utf16Position {
  let line = start.line;
  let lastBreak = -1;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lastBreak = i;
    }
  }
  return lastBreak < 0 ? { line, character: start.character + text.length } : { line, character: text.length - lastBreak - 1 };
}

function shiftPosition(p: Utf16Position, oldEnd: Utf16Position, newEnd: Utf16Position): Utf16Position {
  if (p.line === oldEnd.line) return { line: newEnd.line, character: newEnd.character + (p.character - oldEnd.character) };
  return { line: p.line + (newEnd.line - oldEnd.line), character: p.character };
}

/** The range after `change`, or undefined when the change overlaps it (or replaces everything). */
export function shiftRange(r: Utf16Range, change: TextChange): Utf16Range | undefined {
  if (!change.range) return undefined;
  const { start, end } = change.range;
  // Entirely before the edit: unchanged. A range ending exactly where an insertion starts is
  // kept too, since typing after an identifier does not change it.
  if (compare(r.end, start) < 0 || (compare(r.end, start) === 0 && compare(start, end) === 0 && compare(r.start, r.end) < 0 && !/^[\p{L}\p{N}_]/u.test(change.text))) return r;
  // Entirely after the edit: moved by the size difference.
  if (compare(r.start, end) >= 0 && !(compare(r.start, end) === 0 && compare(start, end) === 0 && /[\p{L}\p{N}_]$/u.test(change.text))) {
    const newEnd = insertedEnd(start, change.text);
    // An edit within one line leaves ranges on later lines where they were: keep the object, so
    // that everything derived from it can be reused.
    if (newEnd.line === end.line && r.start.line !== end.line) return r;
    return { start: shiftPosition(r.start, end, newEnd), end: shiftPosition(r.end, end, newEnd) };
  }
  return undefined;
}

/** True when the change touches the line span of `r` (used to mark functions as edited). */
export function changeTouches(r: Utf16Range, change: TextChange): boolean {
  if (!change.range) return true;
  return !(compare(change.range.end, r.start) < 0 || compare(change.range.start, r.end) > 0);
}
