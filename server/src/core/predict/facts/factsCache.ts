// Computes the parameter facts of an imported package once, in the background, by running
// `go list -export -json -gcflags=<importpath>=-m <importpath>` (a build that also says where the
// package's files are, see compiler/outputPaths.ts), and caches them on disk under
// <cacheDir>/<go version>/<escaped import path>.json. Only what cannot change is kept on disk:
// a standard-library package for a given toolchain, or a package whose module version the
// caller passes as `variant`. Other packages (the user's own, dependencies of unknown version)
// are computed anew in each session.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { runGoCommand } from '../../compiler/goCommand';
import { LIST_FIELDS, parseGoList } from '../../compiler/goList';
import type { Knowledge } from './knowledge';
import { deserialiseKnowledge, leakMessagesByPackage, packageFilesIn, packageKnowledge, serialiseKnowledge } from './packageFacts';

export interface PackageFactsRequest {
  goBinary: string;
  /** `go env GOVERSION` of that binary, part of the cache key. */
  goVersion: string;
  importPath: string;
  /** Directory to run in (the user's module, so that its go.mod resolves the import). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  cacheDir: string;
  /** Extra cache-key part, e.g. the module version of a dependency. */
  variant?: string;
  parser: Parser;
  signal?: AbortSignal;
  timeoutMs?: number;
}

const CACHE_FORMAT = 1;

export function cacheFile(cacheDir: string, goVersion: string, importPath: string, variant = ''): string {
  return path.join(cacheDir, `v${CACHE_FORMAT}`, sanitize(goVersion), `${encodeURIComponent(importPath)}${variant ? `@${sanitize(variant)}` : ''}.json`);
}

function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9._+-]/g, '_');
}

/** True for import paths of the standard library: their first element has no dot. */
export function isStandardLibrary(importPath: string): boolean {
  return !importPath.split('/')[0].includes('.');
}

const keptOnDisk = (importPath: string, variant: string) => variant !== '' || isStandardLibrary(importPath);

/** Reads cached facts, or undefined when there are none for this version and package. */
export function readCachedFacts(cacheDir: string, goVersion: string, importPath: string, variant = ''): Knowledge | undefined {
  if (!keptOnDisk(importPath, variant)) return undefined;
  try {
    return deserialiseKnowledge(JSON.parse(fs.readFileSync(cacheFile(cacheDir, goVersion, importPath, variant), 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Returns the facts of one imported package, from the disk cache or by running the compiler.
 * Resolves to undefined when the package cannot be built or the run was cancelled.
 */
export async function packageFacts(req: PackageFactsRequest): Promise<Knowledge | undefined> {
  const cached = readCachedFacts(req.cacheDir, req.goVersion, req.importPath, req.variant);
  if (cached) return cached;
  const res = await runGoCommand({
    goBinary: req.goBinary,
    args: ['list', '-export', `-json=${LIST_FIELDS.join(',')}`, `-gcflags=${req.importPath}=-m`, req.importPath],
    cwd: req.cwd,
    env: req.env,
    signal: req.signal,
    timeoutMs: req.timeoutMs ?? 120_000,
    maxOutputBytes: 64 << 20,
  });
  if (res.outcome !== 'exited' || res.exitCode !== 0 || res.truncated) return undefined;
  const listed = parseGoList(res.stdout);
  const messages = leakMessagesByPackage(res.stderr, req.cwd, listed).get(req.importPath) ?? [];
  const own = listed.find((p) => p.importPath === req.importPath);
  const files = own ? packageFilesIn(own.dir) : [];
  const k = packageKnowledge(req.parser, { importPath: req.importPath, files }, messages, `${req.importPath}.`);
  if (!keptOnDisk(req.importPath, req.variant ?? '')) return k;
  try {
    const file = cacheFile(req.cacheDir, req.goVersion, req.importPath, req.variant);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(serialiseKnowledge(k)));
    fs.renameSync(tmp, file);
  } catch {
    // A read-only cache directory only costs a recomputation next time.
  }
  return k;
}
