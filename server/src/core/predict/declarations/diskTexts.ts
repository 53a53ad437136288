// Texts of a package's files on disk, read again only when a file's size or change times differ
// from those of the last read: the package model asks for its files every few seconds while one
// of them is typed in, and the others rarely change meanwhile.
import * as fs from 'node:fs';
import { fileStamp } from '../../util/fileStamp';

export class DiskTexts {
  private readonly byFile = new Map<string, { stamp: string; text: string }>();

  /** The file's text, from the last read when the file was not written since; undefined when unreadable. */
  read(file: string): string | undefined {
    // Stamped before reading: a write between the two makes the next stamp differ, and the next read see it.
    const stamp = fileStamp(file);
    const known = stamp === undefined ? undefined : this.byFile.get(file);
    if (known && known.stamp === stamp) return known.text;
    try {
      const text = fs.readFileSync(file, 'utf8');
      if (stamp !== undefined) this.byFile.set(file, { stamp, text });
      return text;
    } catch {
      this.byFile.delete(file);
      return undefined;
    }
  }

  /** Forgets the files not in `files` (gone from the package, or open in a buffer). */
  keepOnly(files: ReadonlySet<string>): void {
    for (const f of this.byFile.keys()) if (!files.has(f)) this.byFile.delete(f);
  }
}
