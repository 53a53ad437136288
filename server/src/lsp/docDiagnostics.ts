// What one open document shows: compiler findings (shifted through edits made since the run),
// and predictions for the functions edited since then. Compiler findings replace predictions
// for every function the compiler analysed at the current content.
import { Finding } from '../core/findings';
import { Utf16Range } from '../core/ranges';
import { TextChange, shiftRange } from '../core/editShift';

export interface Entry {
  finding: Finding;
  range: Utf16Range;
}

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

export class DocDiagnostics {
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
  /** Whether the last publish carried related information and rule links (see publish). */
  detailed = true;
  /** Predicted entries for the current text. */
  predictions: Entry[] = [];

  setCompiler(entries: Entry[]): void {
    this.compiler = entries;
    this.hasCompilerResult = true;
    this.edited = [];
    this.allEdited = false;
  }

  /** Moves everything through one content change. */
  applyChange(change: TextChange): void {
    const kept: Entry[] = [];
    for (const e of this.compiler) {
      const r = shiftRange(e.range, change);
      if (r) kept.push(r === e.range ? e : { finding: e.finding, range: r });
    }
    this.compiler = kept;
    if (!change.range) {
      this.allEdited = true;
      this.edited = [];
      return;
    }
    const ins = insertedRange(change)!;
    const next: Utf16Range[] = [ins];
    for (const r of this.edited) {
      const s = shiftRange(r, change);
      if (s) next.push(s);
      else {
        // An earlier edit region the new change touches merges with it (its end is approximate).
        next[0] = { start: minPos(r.start, next[0].start), end: maxPos(r.end, next[0].end) };
      }
    }
    this.edited = next;
  }

  private overlapsEdit(fn: Utf16Range): boolean {
    for (const r of this.edited) if (overlaps(r, fn)) return true;
    return false;
  }

  /** True when a function spanning `fn` was edited since the compiler result. */
  isEdited(fn: Utf16Range): boolean {
    if (!this.hasCompilerResult || this.allEdited) return true;
    return this.edited.some((r) => overlaps(r, fn));
  }

  /**
   * The entries to publish: compiler entries outside edited functions, and predictions inside
   * them (or everywhere before the first compiler result). `functionOf` maps a range to the range
   * of its enclosing function (undefined: top level).
   */
  merged(predictionsOn: boolean, functionOf: (r: Utf16Range) => Utf16Range | undefined): Entry[] {
    if (!predictionsOn) return this.compiler;
    const out: Entry[] = [];
    // Every keystroke merges every entry of the file: the verdict is kept per function.
    const edited = new Map<Utf16Range, boolean>();
    const anyEdited = this.hasCompilerResult && !this.allEdited && this.edited.length > 0;
    for (const e of this.compiler) {
      const fn = anyEdited ? functionOf(e.range) : undefined;
      if (fn) {
        let drop = edited.get(fn);
        if (drop === undefined) edited.set(fn, (drop = this.overlapsEdit(fn)));
        if (drop) continue;
      }
      out.push(e);
    }
    for (const p of this.predictions) {
      const fn = functionOf(p.range) ?? p.range;
      if (this.isEdited(fn)) out.push(p);
    }
    return out;
  }
}
