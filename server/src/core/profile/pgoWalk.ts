// Finding a module's default.pgo files: a walk of the module's tree as the go command sees its
// packages. A module of thousands of packages has thousands of directories, and one await per
// directory made the walk as long as thousands of event-loop turns when the loop had other work;
// many readdirs in flight keep the thread pool busy instead, and one looker takes their entries
// in slices, so that many reads completing in one turn do not hold the loop either.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Slicer } from '../util/slices';

/** Directories the go command does not treat as packages of the module. */
const SKIP = /^(vendor|testdata|node_modules)$|^[._]/;

/**
 * Readdirs in flight at once. While the event loop is busy with other work (a server's first
 * second: the grammar, first predictions, its own code compiled), the thread pool finishes the
 * reads in flight and idles until a turn takes their results, so each turn moves the walk on by
 * about this many directories. Other file reads (a compile's overlay) queue behind them; reading
 * a package directory in the page cache is quick, so a thousand of them delay those only a little.
 */
export const WALK_IN_FLIGHT = 1024;

/**
 * The directories under `root` that hold a default.pgo, sorted, not descending into nested
 * modules (a directory other than `root` with a go.mod) nor into directories the go command
 * skips. When `signal` aborts, resolves with what was found so far: callers check their signal.
 */
export async function defaultPgoDirs(root: string, signal?: AbortSignal, inFlight = WALK_IN_FLIGHT): Promise<string[]> {
  const found: string[] = [];
  /** Directories not read yet, and directories read whose entries wait to be looked at. */
  const waiting: string[] = [root];
  const read: { dir: string; entries: fs.Dirent[] }[] = [];
  let running = 0;
  let wake: (() => void) | undefined;
  const settled = () => {
    running--;
    wake?.();
  };
  const readMore = () => {
    while (running < inFlight && waiting.length > 0) {
      const dir = waiting.pop()!;
      running++;
      // An unreadable directory is one the go command could not build from either.
      fs.promises.readdir(dir, { withFileTypes: true }).then((entries) => {
        read.push({ dir, entries });
        settled();
      }, settled);
    }
  };
  readMore();
  while (running > 0 || read.length > 0) {
    if (read.length === 0) {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    // One looker at a time, in slices: completions only queue their entries, so a turn of the
    // event loop never does more than a slice of this work however many reads completed in it.
    const slicer = new Slicer(signal);
    while (read.length > 0) {
      if (!(await slicer.pause())) return found.sort();
      const { dir, entries } = read.pop()!;
      lookAt(dir, dir === root, entries, found, waiting);
      readMore();
    }
  }
  return found.sort();
}

/** Takes a directory's entries: notes a default.pgo and queues its subdirectories, unless it is a nested module's. */
function lookAt(dir: string, top: boolean, entries: fs.Dirent[], found: string[], waiting: string[]): void {
  if (!top && entries.some((e) => e.isFile() && e.name === 'go.mod')) return;
  if (entries.some((e) => e.isFile() && e.name === 'default.pgo')) found.push(dir);
  for (const e of entries) if (e.isDirectory() && !SKIP.test(e.name)) waiting.push(path.join(dir, e.name));
}
