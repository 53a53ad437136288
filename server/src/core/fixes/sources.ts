// Gathers the Go sources a fix needs: every .go file of the finding's module from disk, with
// open editor buffers taking precedence, so that call sites anywhere in the module are seen.
// Listing the module only stats its files; their text is read when a fix must be computed.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { locatePackage } from '../compiler/workspace';

/** Directories the go command ignores for packages of the module (plus editor and VCS state). */
const SKIP = /^(vendor|testdata|node_modules)$|^[._]/;

/** One source file of a module: an open buffer's text, or where to read it and its disk state. */
export interface ModuleFile {
  path: string;
  /** The unsaved text when the file is open in the editor. */
  buffer?: string;
  size: number;
  mtimeMs: number;
}

/**
 * The source files of the module around `file` (its .go files and go.mod), without reading
 * them. `buffers` (unsaved documents) override the disk. Stops early with an AbortError when
 * `signal` is aborted.
 */
export async function moduleFiles(file: string, buffers: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<ModuleFile[]> {
  const root = locatePackage(file).moduleRoot ?? path.dirname(file);
  const out: ModuleFile[] = [];
  const seen = new Set<string>();
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
        const buffer = buffers.get(p);
        const st = buffer === undefined ? await fs.stat(p).catch(() => undefined) : undefined;
        if (buffer === undefined && !st) continue;
        out.push({ path: p, buffer, size: st?.size ?? 0, mtimeMs: st?.mtimeMs ?? 0 });
        seen.add(p);
      }
    }
  };
  await walk(root, true);
  for (const [p, text] of buffers) {
    if (p.endsWith('.go') && p.startsWith(root + path.sep) && !seen.has(p)) out.push({ path: p, buffer: text, size: 0, mtimeMs: 0 });
  }
  return out;
}

/** The texts of `files`: buffers as they are, the others read from disk (unreadable ones left out). */
export async function readSources(files: readonly ModuleFile[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of files) {
    signal?.throwIfAborted();
    const text = f.buffer ?? (await fs.readFile(f.path, 'utf8').catch(() => undefined));
    if (text !== undefined) out.set(f.path, text);
  }
  return out;
}

/** The module's sources around `file`, read: absolute path to text. */
export async function moduleSources(file: string, buffers: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<Map<string, string>> {
  return readSources(await moduleFiles(file, buffers, signal), signal);
}

/**
 * Digests of open buffers, each kept with the text it was computed from. A hover or code action
 * asks for the module's fingerprint each time, and hashing every buffer again (megabytes for a
 * generated file) held the server's thread for as long; an unchanged buffer is the same string,
 * so comparing it with the kept one costs nothing.
 */
export class BufferDigests {
  private byPath = new Map<string, { text: string; digest: string }>();

  digest(file: string, text: string): string {
    const had = this.byPath.get(file);
    if (had?.text === text) return had.digest;
    const digest = createHash('sha256').update(text).digest('hex');
    this.byPath.set(file, { text, digest });
    return digest;
  }

  /** Forgets the buffers not in `files`, so that closed documents' texts are not kept. */
  keepOnly(files: Iterable<string>): void {
    const keep = new Set(files);
    for (const p of this.byPath.keys()) if (!keep.has(p)) this.byPath.delete(p);
  }
}

/**
 * Identifies what the files hold without reading the disk: buffers by their text, disk files by
 * size and modification time, as the compiler result cache does (lsp/analysis.ts).
 */
export function filesFingerprint(files: readonly ModuleFile[], digests = new BufferDigests()): string {
  const h = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    h.update(f.buffer !== undefined ? `\0${f.path}\0b\0${digests.digest(f.path, f.buffer)}` : `\0${f.path}\0d\0${f.size}:${f.mtimeMs}`);
  }
  return h.digest('hex');
}
