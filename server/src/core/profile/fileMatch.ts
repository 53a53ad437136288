// Finds the profile's record of a local file. Non-main packages are found by import path and
// base name (symbols.ts). Main packages' symbols carry no import path, so their files are matched
// by path: the same absolute path, the -trimpath form `module/rel/path.go`, or the module root
// of the machine that built the binary (read off the keyed files, whose paths end in the
// module-relative part of their key) followed by the module-relative path.
import * as path from 'node:path';
import { locatePackage } from '../compiler/workspace';
import { lookupOf, ProfileFile } from './indexLookup';
import type { ProfileIndex } from './profileIndex';
import { baseName, slashed } from './symbols';

/** Where a local file sits in its module, in the terms profiles use. */
export interface LocalFile {
  abs: string;
  /** Import path of the file's package (`command-line-arguments` outside a module). */
  importPath: string;
  modulePath?: string;
  /** Module-relative path with forward slashes (`cmd/app/main.go`). */
  rel?: string;
}

export function describeLocalFile(file: string, moduleOf: (dir: string) => { root?: string; path?: string } = moduleOfDir): LocalFile {
  const abs = slashed(path.resolve(file));
  const mod = moduleOf(path.dirname(path.resolve(file)));
  if (!mod.root || !mod.path) return { abs, importPath: 'command-line-arguments' };
  const rel = slashed(path.relative(mod.root, path.resolve(file)));
  const relDir = path.posix.dirname(rel);
  // The standard library's module is `std`, but its import paths have no prefix (net/http).
  const importPath = mod.path === 'std' ? relDir : relDir === '.' ? mod.path : `${mod.path}/${relDir}`;
  return { abs, importPath, modulePath: mod.path, rel };
}

const moduleCache = new Map<string, { root?: string; path?: string }>();

/** The module a directory is in (nearest go.mod), remembered per directory. */
export function moduleOfDir(dir: string): { root?: string; path?: string } {
  let m = moduleCache.get(dir);
  if (!m) {
    const loc = locatePackage(path.join(dir, 'x.go'));
    m = { root: loc.moduleRoot, path: loc.modulePath };
    if (moduleCache.size > 10_000) moduleCache.clear();
    moduleCache.set(dir, m);
  }
  return m;
}

/** The roots a module had on the machine that built the profiled binary, from keyed files. */
function remoteRoots(index: ProfileIndex, modulePath: string, memo: Map<string, Set<string>>): Set<string> {
  let roots = memo.get(modulePath);
  if (roots) return roots;
  roots = new Set();
  const prefix = `${modulePath}/`;
  for (const [key, file] of lookupOf(index).byKey) {
    if (!key.startsWith(prefix)) continue;
    const rel = key.slice(prefix.length);
    // Files in the module's own packages only: deeper import paths may be nested modules.
    if (file.filename === key) continue;
    if (file.filename.endsWith(`/${rel}`)) roots.add(file.filename.slice(0, -rel.length - 1));
  }
  memo.set(modulePath, roots);
  return roots;
}

/** The profile's record of `local`, or undefined when the profile has none. */
export function matchFile(index: ProfileIndex, local: LocalFile, memo: Map<string, Set<string>>): ProfileFile | undefined {
  const { byKey, pathFiles } = lookupOf(index);
  const keyed = byKey.get(`${local.importPath}/${baseName(local.abs)}`);
  if (keyed) return keyed;
  const exact = pathFiles.find((f) => f.filename === local.abs);
  if (exact || !local.rel || !local.modulePath) return exact;
  const trimmed = `${local.modulePath}/${local.rel}`;
  const roots = remoteRoots(index, local.modulePath, memo);
  const modulePrefix = `${local.modulePath}/`;
  return pathFiles.find((f) => {
    // A -trimpath name says which file it is; only an exact one matches.
    if (f.filename.startsWith(modulePrefix)) return f.filename === trimmed;
    if (roots.size > 0) return [...roots].some((r) => f.filename === `${r}/${local.rel}`);
    return f.filename.endsWith(`/${local.rel}`);
  });
}
