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
  return rangeShifter(change)(r);
}

const KEEP = 0;
const MOVE = 1;
const DROP = 2;

/**
 * What one change does to ranges: keeps them, moves them, or drops them. What depends only on
 * the change (where the inserted text ends, whether it starts or ends a word) is worked out once.
 */
function classifier(change: TextChange & { range: Utf16Range }) {
  const { start, end } = change.range;
  const insertion = compare(start, end) === 0;
  const startsWord = /^[\p{L}\p{N}_]/u.test(change.text);
  const endsWord = /[\p{L}\p{N}_]$/u.test(change.text);
  const newEnd = insertedEnd(start, change.text);
  const kind = (r: Utf16Range): number => {
    // Entirely before the edit: unchanged. A range ending exactly where an insertion starts is
    // kept too, since typing after an identifier does not change it.
    const endVsStart = compare(r.end, start);
    if (endVsStart < 0 || (endVsStart === 0 && insertion && compare(r.start, r.end) < 0 && !startsWord)) return KEEP;
    // Entirely after the edit: moved by the size difference. An edit within one line leaves
    // ranges on later lines where they were.
    const startVsEnd = compare(r.start, end);
    if (startVsEnd >= 0 && !(startVsEnd === 0 && insertion && endsWord)) return newEnd.line === end.line && r.start.line !== end.line ? KEEP : MOVE;
    return DROP;
  };
  return { kind, oldEnd: end, newEnd };
}

/** `shiftRange` for one change, to apply to many ranges. A range that stays is returned as is. */
export function rangeShifter(change: TextChange): (r: Utf16Range) => Utf16Range | undefined {
  if (!change.range) return () => undefined;
  const { kind, oldEnd, newEnd } = classifier({ ...change, range: change.range });
  return (r) => {
    const k = kind(r);
    if (k === KEEP) return r;
    if (k === DROP) return undefined;
    return { start: shiftPosition(r.start, oldEnd, newEnd), end: shiftPosition(r.end, oldEnd, newEnd) };
  };
}

/**
 * Moves ranges through one change in place, allocating nothing; false for a range the change
 * overlaps, which is to be dropped. A range's positions must not be shared with other ranges.
 */
export function rangeMover(change: TextChange): (r: Utf16Range) => boolean {
  if (!change.range) return () => false;
  const { kind, oldEnd, newEnd } = classifier({ ...change, range: change.range });
  const move = (p: Utf16Position) => {
    if (p.line === oldEnd.line) p.character = newEnd.character + (p.character - oldEnd.character);
    p.line += newEnd.line - oldEnd.line;
  };
  return (r) => {
    const k = kind(r);
    if (k === MOVE) {
      move(r.start);
      if (r.end !== r.start) move(r.end);
    }
    return k !== DROP;
  };
}
