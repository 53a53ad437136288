// Gathers the Go sources a fix needs: every .go file of the finding's module from disk, with
// open editor buffers taking precedence, so that call sites anywhere in the module are seen.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { locatePackage } from '../compiler/workspace';

/** Directories the go command ignores for packages of the module (plus editor and VCS state). */
const SKIP = /^(vendor|testdata|node_modules)$|^[._]/;

/**
 * Sources of the module around `file`: absolute path to text. `buffers` (unsaved documents)
 * override the disk. Stops early with an AbortError when `signal` is aborted.
 */
export async function moduleSources(file: string, buffers: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Map<string, string>> {
  const root = locatePackage(file).moduleRoot ?? path.dirname(file);
  const out = new Map<string, string>();
  const walk = async (dir: string, top: boolean): Promise<void> => {
    signal?.throwIfAborted();
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    // A nested go.mod starts another module, whose packages are not this module's.
    if (!top && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.test(e.name)) await walk(p, false);
      } else if (e.isFile() && (e.name.endsWith('.go') || (top && e.name === 'go.mod'))) {
        const text = buffers.get(p) ?? (await fs.readFile(p, 'utf8').catch(() => undefined));
        if (text !== undefined) out.set(p, text);
      }
    }
  };
  await walk(root, true);
  for (const [p, text] of buffers) {
    if (p.endsWith('.go') && p.startsWith(root + path.sep) && !out.has(p)) out.set(p, text);
  }
  return out;
}
