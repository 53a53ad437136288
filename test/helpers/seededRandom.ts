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

/** A small deterministic generator of floats in [0, 1) (mulberry32), for seeded fuzzing. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
