/**
 * Ranking primitives shared by the leaderboard aggregation and the rank intervals. All are
 * O(n log n): one native numeric sort of a copy (no comparator callbacks), then a binary search
 * per value; the leaderboard is meant to be precomputed for many thousands of rows, and the rank
 * intervals rank every eligible row a thousand times.
 */

/** Values sorted ascending, to count better and equal values by binary search. */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** The first index whose value is >= v (or > v when `strict`). */
function bound(sorted: Float64Array, v: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid]! <= v : sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many of the sorted values are strictly better than v. */
export function countBetter(sorted: Float64Array, v: number, higherIsBetter: boolean): number {
  return higherIsBetter ? sorted.length - bound(sorted, v, true) : bound(sorted, v, false);
}

/** Ranks values (1 = best); ties share the mean of the ranks they span (as scipy's rankdata). */
export function rankValues(values: ArrayLike<number>, higherIsBetter: boolean): number[] {
  const sorted = sortedCopy(values);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const below = bound(sorted, values[i]!, false);
    const upTo = bound(sorted, values[i]!, true);
    const better = higherIsBetter ? sorted.length - upTo : below;
    ranks[i] = better + (upTo - below + 1) / 2;
  }
  return ranks;
}

/**
 * Leaderboard positions: competition ranking ("1224"), so tied rows share the best position.
 * Rows without a score get no position.
 */
export function positions(scores: readonly (number | null)[], higherIsBetter: boolean): (number | null)[] {
  const sorted = sortedCopy(scores.filter((s): s is number => s !== null));
  return scores.map((s) => (s === null ? null : countBetter(sorted, s, higherIsBetter) + 1));
}

/** Competition ranks ("1224") of every value, written into `out` when given. */
export function competitionRanks(values: ArrayLike<number>, higherIsBetter: boolean, out?: Float64Array): Float64Array {
  const ranks = out ?? new Float64Array(values.length);
  const sorted = sortedCopy(values);
  for (let i = 0; i < values.length; i++) ranks[i] = countBetter(sorted, values[i]!, higherIsBetter) + 1;
  return ranks;
}
