// Turns compiler positions in any file into UTF-16 positions, reading the file as the user sees
// it: the open buffer when there is one, else the disk copy (remembered by modification time).
// Explanation steps and quick-fix edits point into files that are not open.
import * as fs from 'node:fs';
import { LineIndex, Utf16Position } from '../core/positions';
import { DocumentStore } from './documents';

/** Files larger than this are not read for positions; their columns are taken as they are. */
const MAX_BYTES = 8 * 1024 * 1024;
/** Disk copies remembered at once; explanation steps touch a few files per package. */
const MAX_FILES = 64;

export class FilePositions {
  private readonly disk = new Map<string, { mtimeMs: number; index: LineIndex }>();

  constructor(private readonly docs: DocumentStore) {}

  /** The compiler's 1-based line and byte column in `file` as a 0-based UTF-16 position. */
  position(file: string, line: number, column: number): Utf16Position {
    const index = this.lineIndexOf(file);
    return index ? index.fromCompiler(line, column) : { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
  }

  clear(): void {
    this.disk.clear();
  }

  private lineIndexOf(file: string): LineIndex | undefined {
    const d = this.docs.ofFile(file);
    if (d) return d.tree?.lineIndex ?? new LineIndex(d.doc.getText());
    try {
      const st = fs.statSync(file);
      const hit = this.disk.get(file);
      if (hit && hit.mtimeMs === st.mtimeMs) return hit.index;
      if (st.size > MAX_BYTES) return undefined;
      const index = new LineIndex(fs.readFileSync(file, 'utf8'));
      if (this.disk.size >= MAX_FILES) this.disk.clear();
      this.disk.set(file, { mtimeMs: st.mtimeMs, index });
      return index;
    } catch {
      return undefined;
    }
  }
}
