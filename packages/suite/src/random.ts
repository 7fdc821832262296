/**
 * The one seeded generator for everything that must draw the same numbers on every machine:
 * bootstrap resamples, fixture data sets, synthetic test data. (The paper's own splits and
 * episodes follow NumPy's generator instead: the runner's `random/numpy-random.ts`.)
 */

/** Mulberry32: a small, fast, seeded 32-bit generator; uniform draws in [0, 1). */
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

export interface Rng {
  /** A uniform draw in [0, 1). */
  next(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(xs: T[]): T[];
}

/** mulberry32 with the integer and shuffle helpers that fixtures need. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  return {
    next,
    int,
    shuffle: (xs) => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [xs[i], xs[j]] = [xs[j]!, xs[i]!];
      }
      return xs;
    },
  };
}
