// Per-function summaries of a document, for code lenses: how many heap findings each function
// declaration holds now (the compiler's, or predictions where it was edited since).
import type { Utf16Range } from '../core/ranges';
import { isFunctionDecl, topLevelDecls } from '../core/treesitter/topLevel';
import type { Entry } from './docEntries';
import type { DocumentView } from './view';

export interface FunctionSummary {
  /** The declaration, in the document's current coordinates. */
  range: Utf16Range;
  /** Heap findings inside it: moved to heap and escapes to heap (noalloc ones left out). */
  heap: Entry[];
  /** True when some of them are predictions, not the compiler's. */
  predicted: boolean;
}

const isHeap = (e: Entry) => e.finding.category === 'moved' || e.finding.category === 'escapes';

/** Summaries of the function declarations of a document that hold heap findings, in file order. */
export function functionSummaries(v: DocumentView): FunctionSummary[] {
  const t = v.doc.tree;
  const tree = t?.tree;
  if (!t || !tree) return [];
  const heap = v.entries().filter(isHeap);
  if (heap.length === 0) return [];
  const index = t.lineIndex;
  const out: FunctionSummary[] = [];
  let i = 0;
  // Entries and declarations are both in file order: one pass over each.
  const sorted = [...heap].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  for (const d of topLevelDecls(tree)) {
    if (!isFunctionDecl(d)) continue;
    const range = { start: index.positionAt(d.start), end: index.positionAt(d.end) };
    while (i < sorted.length && before(sorted[i].range.start, range.start)) i++;
    const inside: Entry[] = [];
    while (i < sorted.length && !before(range.end, sorted[i].range.start)) inside.push(sorted[i++]);
    if (inside.length > 0) out.push({ range, heap: inside, predicted: inside.some((e) => e.finding.origin === 'prediction') });
  }
  return out;
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
