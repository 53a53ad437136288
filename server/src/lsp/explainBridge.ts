// Adapts the core's explanation chain to positions the LSP layer can use. Until the explain
// module renders plain-words steps, the compiler's own flow steps are shown as they are.
import { Finding } from '../core/findings';
import { Utf16Position } from '../core/positions';
import * as fs from 'node:fs';
import { LineIndex } from '../core/positions';

export interface RelatedStep {
  file: string;
  position: Utf16Position;
  message: string;
}

const indexCache = new Map<string, LineIndex>();

/** Position of a compiler step in a file; uses the open text when given, else the disk text. */
function toPosition(file: string, line: number, column: number, textOf?: (file: string) => string | undefined): Utf16Position {
  const text = textOf?.(file);
  let index: LineIndex | undefined;
  if (text !== undefined) index = new LineIndex(text);
  else {
    index = indexCache.get(file);
    if (!index) {
      try {
        index = new LineIndex(fs.readFileSync(file, 'utf8'));
      } catch {
        return { line: line - 1, character: column - 1 };
      }
      if (indexCache.size > 32) indexCache.clear();
      indexCache.set(file, index);
    }
  }
  return index.fromCompiler(line, column);
}

export function relatedSteps(f: Finding, textOf?: (file: string) => string | undefined): RelatedStep[] {
  const out: RelatedStep[] = [];
  for (const flow of f.flows ?? []) {
    for (const s of flow.steps) {
      if (!s.file || !s.line || !s.column) continue;
      out.push({ file: s.file, position: toPosition(s.file, s.line, s.column, textOf), message: s.text });
    }
  }
  return out;
}
