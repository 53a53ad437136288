// Text edits produced by fixes, in the core's own shape: a file, a UTF-16 offset range of the
// text the fix was computed from, and the new text. The LSP layer turns them into
// `WorkspaceEdit`s with `editRange` below; nothing here knows LSP.
import { LineIndex, type Utf16Position } from '../positions';

export interface FileEdit {
  /** Absolute path of the edited file. */
  file: string;
  /** UTF-16 offset where the replaced text starts. */
  startOffset: number;
  /** UTF-16 offset just after the replaced text (equal to start for an insertion). */
  endOffset: number;
  newText: string;
}

/** A 0-based line/character range, the LSP shape without the LSP types. */
export interface Utf16Range {
  start: Utf16Position;
  end: Utf16Position;
}

/** The line/character range of an edit in the text it was computed from. */
export function editRange(text: string, edit: FileEdit, index = new LineIndex(text)): Utf16Range {
  return { start: index.positionAt(edit.startOffset), end: index.positionAt(edit.endOffset) };
}

/** An edit with its line/character range, ready for an LSP `TextEdit`. */
export interface RangedEdit {
  file: string;
  range: Utf16Range;
  newText: string;
}

/** Ranges for every edit, computed against the texts the edits were planned on. */
export function withRanges(sources: ReadonlyMap<string, string>, edits: readonly FileEdit[]): RangedEdit[] {
  const out: RangedEdit[] = [];
  for (const [file, list] of editsByFile(edits)) {
    const text = sources.get(file) ?? '';
    const index = new LineIndex(text);
    for (const e of list) out.push({ file, range: editRange(text, e, index), newText: e.newText });
  }
  return out;
}

/** Groups edits by file, each list sorted by start offset. */
export function editsByFile(edits: readonly FileEdit[]): Map<string, FileEdit[]> {
  const out = new Map<string, FileEdit[]>();
  for (const e of edits) {
    const list = out.get(e.file) ?? [];
    list.push(e);
    out.set(e.file, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  return out;
}

/**
 * Applies one file's edits to its text. Edits must not overlap; overlapping edits mean two
 * rewrites disagree about the same code, which is a bug in the fix, so this throws.
 */
export function applyEdits(text: string, edits: readonly FileEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.startOffset < pos) throw new Error(`overlapping edits at offset ${e.startOffset} in ${e.file}`);
    out += text.slice(pos, e.startOffset) + e.newText;
    pos = e.endOffset;
  }
  return out + text.slice(pos);
}

/** Applies edits to a set of files, returning only the files that changed. */
export function applyWorkspaceEdits(sources: ReadonlyMap<string, string>, edits: readonly FileEdit[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [file, list] of editsByFile(edits)) {
    const text = sources.get(file);
    if (text === undefined) throw new Error(`edit for a file that is not in the workspace: ${file}`);
    out.set(file, applyEdits(text, list));
  }
  return out;
}

/**
 * Where an offset of the original text lands after the edits. Offsets inside a replaced
 * range map to the start of its replacement.
 */
export function mapOffset(offset: number, edits: readonly FileEdit[]): number {
  let delta = 0;
  for (const e of [...edits].sort((a, b) => a.startOffset - b.startOffset)) {
    if (e.endOffset <= offset && e.startOffset !== offset) delta += e.newText.length - (e.endOffset - e.startOffset);
    else if (e.startOffset <= offset && offset < e.endOffset) return e.startOffset + delta;
    else break;
  }
  return offset + delta;
}
