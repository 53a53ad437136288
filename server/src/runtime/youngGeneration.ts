// How large V8's young generation may grow. Left to V8, it doubles whenever much of it survives a
// collection, up to 32 MB, and never gives that back: an idle server kept it all resident. Kept
// at its first size (1 MB semi-spaces), the heap is collected every megabyte allocated while a
// large result is taken, and those collections held the event loop in turns of their own. So it
// may grow, by V8's own doubling, until it reaches a few megabytes, and is held there (the figures
// are in docs/performance.md).
// V8 checks a code cache against the flags it was written under, this one included: the server
// starts under the held setting, and its cache is written under it (underStartFlags).
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The young generation's size (both semi-spaces) at which it stops growing. */
export const YOUNG_GENERATION_LIMIT = 8 * 1024 * 1024;

const newSpaceSize = (): number => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

let growing = false;

/** Lets the young generation grow until it is `limit` bytes or more, then keeps it there. */
export function growYoungGenerationTo(limit = YOUNG_GENERATION_LIMIT): void {
  if (newSpaceSize() >= limit) return;
  growing = true;
  setFlagsFromString('--semi-space-growth-factor=2');
  // It grows only in a collection, so it is looked at after each one.
  const observer = new PerformanceObserver(() => {
    if (newSpaceSize() < limit) return;
    growing = false;
    setFlagsFromString('--semi-space-growth-factor=1');
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** Runs `fn` under the flags the server started with (the growth held), as a code cache must be written. */
export function underStartFlags<T>(fn: () => T): T {
  if (!growing) return fn();
  setFlagsFromString('--semi-space-growth-factor=1');
  try {
    return fn();
  } finally {
    setFlagsFromString('--semi-space-growth-factor=2');
  }
}
