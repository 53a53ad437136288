// Turns the CLI's arguments (go package patterns, import paths, directories, .go files) into one
// go command run per module: the run's directory and its targets relative to it. A directory is
// what the go command would name with `./dir`; a bare existing directory (`sub`) counts as one too,
// as the CLI always took directories. `.go` files mean their package, and files outside any module
// are built as a list of files, as `go build a.go b.go` does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findUp } from '../util/findUp';

export interface RunGroup {
  /** Where the go command runs: a module root, or the directory of lone files. */
  cwd: string;
  /** Patterns relative to cwd (`./...`, `./pkg`, `example.com/m/x`) or file names for lone files. */
  targets: string[];
  /** The module root (the directory of go.mod), or undefined for lone files outside any module. */
  moduleRoot?: string;
  /** True when the targets are files outside any module. */
  files: boolean;
  /** `-pgo=` for the run (core/profile/pgoPlan.ts); unset leaves the go command's default. */
  pgo?: string;
}

export class PatternError extends Error {}

/** Groups `args` (resolved against `cwd`) into runs, first-seen order; duplicate targets go once. */
export function groupPatterns(args: readonly string[], cwd: string): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  const add = (key: string, make: () => RunGroup, target: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = make()));
    if (!g.targets.includes(target)) g.targets.push(target);
  };
  const inModule = (root: string, target: string) => add(root, () => ({ cwd: root, targets: [], moduleRoot: root, files: false }), target);

  for (const arg of args) {
    const recursive = arg === '...' || arg.endsWith('/...');
    const base = recursive ? arg.slice(0, -'...'.length).replace(/\/$/, '') || '.' : arg;
    const abs = path.resolve(cwd, base);
    const explicitDir = base === '.' || base === '..' || base.startsWith('./') || base.startsWith('../') || path.isAbsolute(base);
    const stat = statOf(abs);
    if (!recursive && arg.endsWith('.go')) {
      if (!stat?.isFile()) throw new PatternError(`${arg}: no such file`);
      const root = moduleRootOf(path.dirname(abs));
      if (root) inModule(root, dirTarget(root, path.dirname(abs), false));
      else add(`${path.dirname(abs)}\0files`, () => ({ cwd: path.dirname(abs), targets: [], files: true }), path.basename(abs));
      continue;
    }
    if (explicitDir || stat?.isDirectory()) {
      if (!stat?.isDirectory()) throw new PatternError(`${arg}: no such directory`);
      const root = moduleRootOf(abs);
      if (!root) throw new PatternError(`${arg}: not inside a Go module (no go.mod in it or above it)`);
      inModule(root, dirTarget(root, abs, recursive));
      continue;
    }
    // An import path or pattern, resolved by the module of the current directory.
    const root = moduleRootOf(cwd);
    if (!root) throw new PatternError(`${arg}: import paths need a Go module (no go.mod in ${cwd} or above it)`);
    inModule(root, arg);
  }
  return [...groups.values()];
}

/** The directory holding the nearest go.mod at or above `dir`. */
export function moduleRootOf(dir: string): string | undefined {
  const mod = findUp(dir, ['go.mod']);
  return mod && path.dirname(mod);
}

function dirTarget(root: string, dir: string, recursive: boolean): string {
  const rel = path.relative(root, dir).split(path.sep).join('/');
  const target = rel ? `./${rel}` : '.';
  return recursive ? (target === '.' ? './...' : `${target}/...`) : target;
}

function statOf(p: string): fs.Stats | undefined {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
}
