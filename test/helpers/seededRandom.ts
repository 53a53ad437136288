// A small deterministic random generator for tests of random edits: the same seed gives the same
// edits on every run, so a failure can be replayed.

/** Returns `rnd(n)`, an integer in [0, n), from a linear congruential sequence starting at `seed`. */
export function seededRandom(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}
