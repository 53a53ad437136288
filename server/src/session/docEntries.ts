// What one open document shows: compiler findings (shifted through edits made since the run),
// and predictions for the functions edited since then. Compiler findings replace predictions
// for every function the compiler analysed at the current content.
import { Finding } from '../core/findings';
import { Utf16Range } from '../core/ranges';
import { TextChange, rangeMover, rangeShifter } from '../core/editShift';
import type { AssertionFailure } from '../core/assert';
import type { DocumentTree } from '../core/treesitter/documentTree';
import { TopLevelDecl, functionAt, functionsOverlapping, topLevelDecls } from '../core/treesitter/topLevel';

export interface Entry {
  finding: Finding;
  range: Utf16Range;
}

/** An entry with a copy of `range` of its own, which applyChange may move in place. */
export const entryOwning = (finding: Finding, range: Utf16Range): Entry => ({ finding, range: { start: { ...range.start }, end: { ...range.end } } });

function overlaps(a: Utf16Range, b: Utf16Range): boolean {
  return !(lessThan(a.end, b.start) || lessThan(b.end, a.start));
}

type Pos = { line: number; character: number };
const lessThan = (p: Pos, q: Pos) => p.line < q.line || (p.line === q.line && p.character < q.character);
const minPos = (p: Pos, q: Pos) => (lessThan(p, q) ? p : q);
const maxPos = (p: Pos, q: Pos) => (lessThan(p, q) ? q : p);

/** The range the inserted text of a change covers after the change. */
function insertedRange(change: TextChange): Utf16Range | undefined {
  if (!change.range) return undefined;
  const start = change.range.start;
  const lines = change.text.split('\n');
  const end = lines.length === 1
    ? { line: start.line, character: start.character + change.text.length }
    : { line: start.line + lines.length - 1, character: lines[lines.length - 1].length };
  return { start, end };
}

export class DocEntries {
  /** Compiler entries, in current-text coordinates. */
  compiler: Entry[] = [];
  /** True once a compiler result has ever been applied to this document. */
  hasCompilerResult = false;
  /** Regions edited since the compiler result, in current-text coordinates. */
  edited: Utf16Range[] = [];
  /** True when every region counts as edited (full replacement since the last result). */
  allEdited = false;
  /** Why the build leaves this file out (build constraints), when it does. */
  excluded?: string;
  /** Predicted entries for the current text. */
  predictions: Entry[] = [];
  /** Assertions of the document that failed in the last explained run, at their directives. */
  failedAssertions: { failure: AssertionFailure; range: Utf16Range }[] = [];
  /** Where the last compiler findings were placed, for the text they were placed in. */
  ranges?: { text: string; byFinding: Map<string, Utf16Range> };

  /**
   * Takes a compiler result's entries, which must each own their range (entryOwning):
   * applyChange moves them in place, and a large file has a hundred thousand of them, too many
   * to copy at once here.
   */
  setCompiler(entries: Entry[]): void {
    this.compiler = entries;
    this.hasCompilerResult = true;
    this.edited = [];
    this.allEdited = false;
  }

  /** Moves everything through one content change. */
  applyChange(change: TextChange): void {
    // Compiler entries move in place (their ranges are their own, see setCompiler): a new line
    // near the top of a large file moves every entry below it, on every keystroke.
    const move = rangeMover(change);
    let kept: Entry[] | undefined;
    for (let i = 0; i < this.compiler.length; i++) {
      const e = this.compiler[i];
      if (move(e.range)) kept?.push(e);
      else kept ??= this.compiler.slice(0, i);
    }
    if (kept) this.compiler = kept;
    if (this.failedAssertions.length > 0) this.failedAssertions = this.failedAssertions.filter((a) => move(a.range));
    const shift = rangeShifter(change);
    if (!change.range) {
      this.allEdited = true;
      this.edited = [];
      return;
    }
    const ins = insertedRange(change)!;
    const next: Utf16Range[] = [ins];
    for (const r of this.edited) {
      const s = shift(r);
      if (s) next.push(s);
      else {
        // An earlier edit region the new change touches merges with it (its end is approximate).
        next[0] = { start: minPos(r.start, next[0].start), end: maxPos(r.end, next[0].end) };
      }
    }
    this.edited = next;
  }

  /** True when a function spanning `fn` was edited since the compiler result. */
  isEdited(fn: Utf16Range): boolean {
    if (!this.hasCompilerResult || this.allEdited) return true;
    return this.edited.some((r) => overlaps(r, fn));
  }

  /**
   * The entries to publish: compiler entries outside edited functions, and predictions inside
   * them (or everywhere before the first compiler result).
   */
  merged(predictionsOn: boolean, functions: FunctionLookup): Entry[] {
    if (!predictionsOn) return this.compiler;
    // Every keystroke merges every entry of the file, so the few edited functions are found
    // first and each entry is only compared with them.
    const anyEdited = this.hasCompilerResult && !this.allEdited && this.edited.length > 0;
    const dropped = anyEdited ? this.edited.flatMap((r) => functions.overlapping(r)) : [];
    const predicted = this.predictions.filter((p) => this.isEdited(functions.functionOf(p.range) ?? p.range));
    if (dropped.length === 0 && predicted.length === 0) return this.compiler;
    // Sized once: growing it entry by entry cost more than the merge itself.
    const out = new Array<Entry>(this.compiler.length + predicted.length);
    let n = 0;
    for (const e of this.compiler) if (dropped.length === 0 || !insideAny(e.range.start, dropped)) out[n++] = e;
    for (const p of predicted) out[n++] = p;
    out.length = n;
    return out;
  }
}

/** The functions of a document's current text, by range. */
export interface FunctionLookup {
  /** The function or method declaration around a range's start; undefined at top level. */
  functionOf(r: Utf16Range): Utf16Range | undefined;
  /** The function and method declarations overlapping a range. */
  overlapping(r: Utf16Range): Utf16Range[];
}

function insideAny(p: Pos, ranges: readonly Utf16Range[]): boolean {
  for (const r of ranges) if (!lessThan(p, r.start) && !lessThan(r.end, p)) return true;
  return false;
}

/** Finds the function and method declarations of a document's current tree by range. */
export function functionLookupOf(t: DocumentTree | undefined): FunctionLookup {
  const tree = t?.tree;
  if (!t || !tree) return NO_FUNCTIONS;
  const index = t.lineIndex;
  const decls = topLevelDecls(tree);
  const rangeOf = (fn: TopLevelDecl) => ({ start: index.positionAt(fn.start), end: index.positionAt(fn.end) });
  return {
    functionOf: (r) => {
      const fn = functionAt(decls, index.offsetAt(r.start));
      return fn && rangeOf(fn);
    },
    overlapping: (r) => functionsOverlapping(decls, index.offsetAt(r.start), index.offsetAt(r.end)).map(rangeOf),
  };
}

const NO_FUNCTIONS: FunctionLookup = { functionOf: () => undefined, overlapping: () => [] };
