// Which PGO profile the go command really compiles a package with. `go build` applies a main
// package's default.pgo to that package and all its dependencies, so a library is compiled with
// the profile of the binary that imports it; analysed on its own (`go list -export ./lib`) it
// gets none, and its inlining and escapes differ from what ships. This finds, for a package, the
// main packages of its module that import it and have a default.pgo, so that the analysis can
// pass `-pgo=FILE` and see what `go build` of those binaries compiles.
import * as path from 'node:path';
import type { AnalyzeSettings } from '../compiler/analyze';
import { runGoCommand } from '../compiler/goCommand';
import { goCommandEnv } from '../compiler/goEnv';
import { locatePackage } from '../compiler/workspace';
import { defaultPgoDirs } from './pgoWalk';

export interface PgoMain {
  /** The main package's directory and import path. */
  dir: string;
  importPath: string;
  /** Its default.pgo. */
  profile: string;
}

export interface PgoLookup {
  /** The analysed package's import path, when the go command could say. */
  importPath?: string;
  /** Main packages with a default.pgo that are the package or import it, by directory. */
  mains: PgoMain[];
  /** Why the look-up could not be completed (the go command failed); mains is then empty. */
  error?: string;
}

export interface PgoRequest {
  /** The package directory to analyse. */
  dir: string;
  settings: AnalyzeSettings;
  signal?: AbortSignal;
  /** Finds the default.pgo directories of a module root (defaultPgoDirs); pass a cached one to share walks. */
  walk?: (root: string) => Promise<string[]>;
}

/** One package as `go list -f LIST_FORMAT` prints it. */
export interface ListedCandidate {
  dir: string;
  importPath: string;
  name: string;
  /** The command-line patterns that matched it. */
  match: string[];
  /** Its transitive imports under the build flags of the look-up. */
  deps: Set<string>;
}

/** The fields the look-up asks go list for: each candidate's Deps are its transitive imports. */
const LIST_FORMAT = '{{.Dir}}\t{{.ImportPath}}\t{{.Name}}\t{{join .Match " "}}\t{{join .Deps " "}}';

/**
 * Lists `targets` and the default.pgo directories `candidates` of the module at `root` in one go
 * list, under the same build flags (tags, GOOS) that the analysis uses; a string says why it failed.
 */
export async function listCandidates(root: string, targets: readonly string[], candidates: readonly string[], settings: AnalyzeSettings, signal?: AbortSignal): Promise<ListedCandidate[] | string> {
  const rel = (d: string) => `./${path.relative(root, d).split(path.sep).join('/')}`.replace(/\/$/, '');
  const args = ['list', '-e', ...settings.buildFlags, '-f', LIST_FORMAT, ...targets, ...candidates.map(rel)];
  const r = await runGoCommand({ goBinary: settings.goBinary, args, cwd: root, env: goCommandEnv(settings), signal, timeoutMs: settings.timeoutMs });
  if (r.outcome !== 'exited' || r.exitCode !== 0) return r.outcome === 'exited' ? `go list failed: ${r.stderr.trim().split('\n')[0] ?? ''}` : `go list: ${r.outcome}`;
  return r.stdout.split('\n').filter(Boolean).map((l) => {
    const [dir, importPath, name, match, deps] = l.split('\t');
    return { dir, importPath, name, match: (match ?? '').split(' ').filter(Boolean), deps: new Set((deps ?? '').split(' ')) };
  });
}

/** The main packages among `rows` with a default.pgo in `candidates` that are `pkg` or import it, its own first. */
export function mainsOf(pkg: { importPath: string }, rows: readonly ListedCandidate[], candidates: readonly string[]): PgoMain[] {
  const mains = rows
    .filter((row) => row.name === 'main' && candidates.some((c) => path.resolve(c) === path.resolve(row.dir)))
    .filter((row) => row.importPath === pkg.importPath || row.deps.has(pkg.importPath))
    .map((row) => ({ dir: row.dir, importPath: row.importPath, profile: path.join(row.dir, 'default.pgo') }));
  // The package itself first when it is one of them: its own binary is the one it ships in.
  return mains.sort((a, b) => Number(b.importPath === pkg.importPath) - Number(a.importPath === pkg.importPath) || (a.dir < b.dir ? -1 : 1));
}

export async function findPgoMains(req: PgoRequest): Promise<PgoLookup> {
  const root = locatePackage(path.join(req.dir, 'x.go')).moduleRoot;
  if (!root) return { mains: [] };
  const candidates = await (req.walk ?? ((r: string) => defaultPgoDirs(r, req.signal)))(root);
  if (candidates.length === 0) return { mains: [] };
  const rows = await listCandidates(root, [], [req.dir, ...candidates], req.settings, req.signal);
  if (typeof rows === 'string') return { mains: [], error: rows };
  const self = rows.find((row) => path.resolve(row.dir) === path.resolve(req.dir));
  return { importPath: self?.importPath, mains: self ? mainsOf(self, rows, candidates) : [] };
}

/** `auto` (the default.pgo of a main package that imports the package), `off`, or a profile path. */
export type PgoSetting = 'auto' | 'off' | (string & {});

export interface PgoChoice {
  /** The value for `-pgo=`, or undefined to leave the go command's default. */
  pgo?: string;
  /** The main package whose profile was chosen, for `auto`. */
  main?: PgoMain;
  /** The other main packages that import the package, whose profiles were not used. */
  others: PgoMain[];
}

/** True when the user's build flags already choose a profile; theirs wins. */
export function userChoosesPgo(buildFlags: readonly string[]): boolean {
  return buildFlags.some((f) => /^--?pgo(=|$)/.test(f));
}

/** True when the profile a package is analysed under must be looked up: `auto`, and the build flags name none. */
export function looksUpPgo(setting: PgoSetting, buildFlags: readonly string[]): boolean {
  return setting === 'auto' && !userChoosesPgo(buildFlags);
}

export function choosePgo(setting: PgoSetting, lookup: PgoLookup | undefined, buildFlags: readonly string[] = []): PgoChoice {
  if (userChoosesPgo(buildFlags)) return { others: [] };
  if (setting === 'off') return { pgo: 'off', others: [] };
  if (setting !== 'auto') return { pgo: path.resolve(setting), others: [] };
  const [main, ...rest] = lookup?.mains ?? [];
  if (!main) return { others: [] };
  return { pgo: main.profile, main, others: rest };
}
