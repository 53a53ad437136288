// What tells a file written again from the one read before without reading it: its size and
// change times, to the nanosecond where the file system keeps them.
import * as fs from 'node:fs';

/** The file's size and change times as one string, or undefined when it cannot be stat'ed. */
export function fileStamp(file: string): string | undefined {
  try {
    const s = fs.statSync(file, { bigint: true });
    return `${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return undefined;
  }
}
