// Long work in slices: a loop over many items gives the event loop back every few milliseconds,
// so that a server answers its other requests while it works through a large file.
import { performance } from 'node:perf_hooks';

/** How long one slice may run before it gives way. */
export const SLICE_MS = 12;

/** Sliced work waiting for its next turn of the event loop, oldest first. */
const waiting: (() => void)[] = [];
let scheduled = false;

function resumeOne(): void {
  scheduled = false;
  const next = waiting.shift();
  if (waiting.length > 0) schedule();
  next?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(resumeOne);
}

/**
 * Resolves after pending I/O has been handled (setImmediate runs after the poll phase). Work
 * waiting here goes on one piece per turn of the event loop: several large jobs at once (the
 * output of a run, its placing, learning from it) each resumed in the same turn, one slice
 * after the other, and held requests for their sum.
 */
export const nextTurn = (): Promise<void> =>
  new Promise((resolve) => {
    waiting.push(resolve);
    schedule();
  });

export class Slicer {
  private started = performance.now();

  /** `stopped`: another way to say the work's input went stale, asked at every pause. */
  constructor(private readonly signal?: AbortSignal, private readonly budgetMs = SLICE_MS, private readonly stopped?: () => boolean) {}

  /** True once the work was stopped (its input went stale). */
  get aborted(): boolean {
    return (this.signal?.aborted ?? false) || (this.stopped?.() ?? false);
  }

  /**
   * Gives way when the slice is used up. Returns false when the work was stopped meanwhile,
   * which the caller must check: it may then give up.
   */
  async pause(): Promise<boolean> {
    if (performance.now() - this.started >= this.budgetMs) {
      await nextTurn();
      this.started = performance.now();
    }
    return !this.aborted;
  }
}

/** Calls `each` for every item, in slices; false when stopped before the end. */
export async function eachInSlices<T>(items: Iterable<T>, each: (item: T) => void, slicer: Slicer): Promise<boolean> {
  for (const item of items) {
    if (!(await slicer.pause())) return false;
    each(item);
  }
  return !slicer.aborted;
}

/**
 * Work written as a generator that yields between pieces (every few hundred lines of compiler
 * output, say), run to the end at once (the CLI) or in slices (the server).
 */
export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** Runs the steps, pausing when the slice is used up; undefined when stopped before the end. */
export async function runInSlices<T>(steps: Steps<T>, slicer: Slicer): Promise<T | undefined> {
  let r = steps.next();
  while (!r.done) {
    if (!(await slicer.pause())) {
      steps.return(undefined as T);
      return undefined;
    }
    r = steps.next();
  }
  return r.value;
}
