// Text of a file as the user sees it: the open buffer when there is one, else the disk copy
// (remembered by modification time). Used to turn compiler positions in other files into
// UTF-16 positions.
import * as fs from 'node:fs';
import { LineIndex, Utf16Position } from '../core/positions';
import { DocumentStore } from './documents';

const diskCache = new Map<string, { mtimeMs: number; index: LineIndex }>();

function lineIndexOf(docs: DocumentStore, file: string): LineIndex | undefined {
  for (const d of docs.all()) {
    if (d.file === file) return d.tree?.lineIndex ?? new LineIndex(d.doc.getText());
  }
  try {
    const st = fs.statSync(file);
    const hit = diskCache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit.index;
    if (st.size > 8 * 1024 * 1024) return undefined;
    const index = new LineIndex(fs.readFileSync(file, 'utf8'));
    if (diskCache.size > 64) diskCache.clear();
    diskCache.set(file, { mtimeMs: st.mtimeMs, index });
    return index;
  } catch {
    return undefined;
  }
}

/** The compiler's 1-based line and byte column in `file` as a 0-based UTF-16 position. */
export function compilerPosition(docs: DocumentStore, file: string, line: number, column: number): Utf16Position {
  const index = lineIndexOf(docs, file);
  return index ? index.fromCompiler(line, column) : { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
}
