// Long work in slices: a loop over many items gives the event loop back every few milliseconds,
// so that a server answers its other requests while it works through a large file.
import { performance } from 'node:perf_hooks';

/** How long one slice may run before it gives way. */
export const SLICE_MS = 12;

/** Resolves after pending I/O has been handled (setImmediate runs after the poll phase). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class Slicer {
  private started = performance.now();

  constructor(private readonly signal?: AbortSignal, private readonly budgetMs = SLICE_MS) {}

  /** True once the work was stopped (its input went stale). */
  get aborted(): boolean {
    return this.signal?.aborted ?? false;
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
