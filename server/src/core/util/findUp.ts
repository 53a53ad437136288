// Looks for a file in a directory and each of its parents, nearest first.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The path of the first of `names` found in `start` or above it, or undefined. */
export function findUp(start: string, names: readonly string[]): string | undefined {
  let dir = start;
  for (;;) {
    for (const name of names) {
      const p = path.join(dir, name);
      if (fs.existsSync(p)) return p;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
