// One document's incremental tree-sitter tree. Edits arrive in LSP coordinates (0-based line,
// UTF-16 character); web-tree-sitter indexes text in UTF-16 code units too, so offsets come
// straight from the LineIndex. The tree never throws on broken code: tree-sitter recovers with
// ERROR nodes, and a parse that returns null keeps the previous tree.
import { Edit, type Parser, type Point, type Tree } from 'web-tree-sitter';
import { LineIndex, type Utf16Position } from '../positions';
import type { TextChange } from '../editShift';
import type { Utf16Range } from '../ranges';
import { carryTopLevel, forgetTree } from './topLevel';

export type { TextChange } from '../editShift';

/**
 * `text` with a ranged change applied, and where the change lies in UTF-16 offsets: the old text
 * it replaced was [start, oldEnd), the new text is [start, newEnd). `index` must be `text`'s.
 */
export function spliceChange(text: string, index: LineIndex, change: TextChange & { range: Utf16Range }): { text: string; start: number; oldEnd: number; newEnd: number } {
  const start = index.offsetAt(change.range.start);
  const oldEnd = Math.max(start, index.offsetAt(change.range.end));
  return { text: text.slice(0, start) + change.text + text.slice(oldEnd), start, oldEnd, newEnd: start + change.text.length };
}

/** A half-open range of UTF-16 offsets in the current text. */
export interface OffsetRange {
  start: number;
  end: number;
}

export class DocumentTree {
  private current: Tree | null;
  private content: string;
  private index: LineIndex;
  /**
   * Ranges edited since the last `takeChangedRanges`, kept in current-text offsets and merged
   * where they meet. They are the edits themselves: asking tree-sitter for the structural changes
   * is slow in large files (see docs/performance.md), and predictions are per whole function.
   * (The language server tracks edited regions itself, in DocDiagnostics, and never takes these.)
   */
  private pending: OffsetRange[] = [];
  /** True when everything must be considered changed (first parse, full replacement). */
  private all = true;

  constructor(
    private readonly parser: Parser,
    text: string,
    tree?: Tree,
  ) {
    this.content = text;
    this.index = new LineIndex(text);
    this.current = tree ?? safeParse(parser, text, null);
  }

  /** A document tree over a tree of `text` parsed elsewhere (in slices); it owns the tree now. */
  static adopt(parser: Parser, text: string, tree: Tree): DocumentTree {
    return new DocumentTree(parser, text, tree);
  }

  /** The latest tree; null only if the very first parse failed. */
  get tree(): Tree | null {
    return this.current;
  }

  get text(): string {
    return this.content;
  }

  get lineIndex(): LineIndex {
    return this.index;
  }

  /** Ranges changed since the last prediction, or undefined when the whole document changed. */
  get changedRanges(): OffsetRange[] | undefined {
    return this.all ? undefined : this.pending.slice();
  }

  /** Returns the changed ranges (undefined: everything) and starts collecting afresh. */
  takeChangedRanges(): OffsetRange[] | undefined {
    const out = this.changedRanges;
    this.pending = [];
    this.all = false;
    return out;
  }

  /** Applies one content change; several changes of one notification are applied in order. */
  applyChange(change: TextChange): void {
    if (!change.range) {
      this.replaceAll(change.text);
      return;
    }
    const { text, start, oldEnd, newEnd } = spliceChange(this.content, this.index, { ...change, range: change.range });
    this.applyEdit(text, start, oldEnd, newEnd);
  }

  /**
   * Applies a ranged change whose new text was made elsewhere (by the document's own store, so
   * that the text exists once): in `newText`, [start, newEnd) replaced the old text's [start, oldEnd).
   */
  applyEdit(newText: string, start: number, oldEnd: number, newEnd: number): void {
    const startPosition = toPoint(this.index.positionAt(start));
    const oldEndPosition = toPoint(this.index.positionAt(oldEnd));
    const newIndex = new LineIndex(newText);
    const newEndPosition = toPoint(newIndex.positionAt(newEnd));

    this.shiftPending(start, oldEnd, newEnd);
    this.addPending({ start, end: newEnd });
    this.content = newText;
    this.index = newIndex;

    const old = this.current;
    if (!old) {
      this.current = safeParse(this.parser, newText, null);
      this.all = true;
      return;
    }
    old.edit(new Edit({ startIndex: start, oldEndIndex: oldEnd, newEndIndex: newEnd, startPosition, oldEndPosition, newEndPosition }));
    const next = safeParse(this.parser, newText, old);
    if (!next) {
      // Keep the edited old tree: its positions match the new text even if its shape is stale.
      forgetTree(old);
      this.all = true;
      return;
    }
    carryTopLevel(old, next, start, oldEnd, newEnd);
    old.delete();
    this.current = next;
  }

  /** Frees the tree; the object must not be used afterwards. */
  delete(): void {
    this.current?.delete();
    this.current = null;
  }

  private replaceAll(text: string): void {
    this.content = text;
    this.index = new LineIndex(text);
    const next = safeParse(this.parser, text, null);
    if (next) {
      this.current?.delete();
      this.current = next;
    }
    this.pending = [];
    this.all = true;
  }

  /** Moves collected ranges so they stay on the same text after replacing [start, oldEnd) by [start, newEnd). */
  /**
   * Adds a range, merged with those it overlaps or touches: typing keeps the list as short as
   * the number of places edited, so that shifting it stays cheap on every keystroke.
   */
  private addPending(r: OffsetRange): void {
    const out: OffsetRange[] = [];
    let cur = r;
    for (const p of this.pending) {
      if (p.end < cur.start || p.start > cur.end) out.push(p);
      else cur = { start: Math.min(p.start, cur.start), end: Math.max(p.end, cur.end) };
    }
    out.push(cur);
    this.pending = out;
  }

  private shiftPending(start: number, oldEnd: number, newEnd: number): void {
    const delta = newEnd - oldEnd;
    const map = (o: number): number => (o <= start ? o : o >= oldEnd ? o + delta : newEnd);
    this.pending = this.pending.map((r) => ({ start: map(r.start), end: Math.max(map(r.start), map(r.end)) }));
  }
}

function toPoint(p: Utf16Position): Point {
  return { row: p.line, column: p.character };
}

function safeParse(parser: Parser, text: string, old: Tree | null): Tree | null {
  try {
    // A reader of our own, not the string: given the string, web-tree-sitter makes the reader
    // itself, and then the text of every keystroke since the last young collection survived it
    // (mechanism not found; test/unit/predict/youngSurvivors.test.ts guards it; the figures are in
    // docs/performance.md).
    return parser.parse(textReader(text), old);
  } catch {
    return null;
  }
}

/** Reads `text` from an offset, as tree-sitter asks for it while parsing and for a node's text. */
function textReader(text: string): (index: number) => string {
  return (index) => text.slice(index);
}
