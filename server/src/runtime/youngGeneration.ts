// How large V8's young generation may grow. Left to V8, it doubles whenever much of it survives a
// collection, up to 32 MB, and never gives that back: an idle server kept it all resident. Kept
// at its first size (1 MB semi-spaces), a large result is collected every megabyte it allocates,
// and the collector took as much time as the work while a large package's results were taken.
// So it may grow, by V8's own doubling, until it reaches a few megabytes, and is held there.
// The flag can change while the server runs: V8 does not count it among the flags a code cache
// is checked against (runtime/codeCache.ts).
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/** The young generation's size (both semi-spaces) at which it stops growing. */
export const YOUNG_GENERATION_LIMIT = 8 * 1024 * 1024;

const newSpaceSize = (): number => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/** Lets the young generation grow until it is `limit` bytes or more, then keeps it there. */
export function growYoungGenerationTo(limit = YOUNG_GENERATION_LIMIT): void {
  const hold = () => setFlagsFromString('--semi-space-growth-factor=1');
  if (newSpaceSize() >= limit) return hold();
  setFlagsFromString('--semi-space-growth-factor=2');
  // It grows only in a collection, so it is looked at after each one.
  const observer = new PerformanceObserver(() => {
    if (newSpaceSize() < limit) return;
    hold();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}
