import { mulberry32 } from '@transferboard/suite/random';

/**
 * The normal codebook: the paper classified pixels into 40 directions (vocab40.mat, k-means
 * clusters of NYUv2 training normals, which no public archive ships on its own). The runner
 * rebuilds it the same way: spherical k-means (cosine similarity, centres renormalised) of the
 * sampled training normals, k-means++ seeding from a seeded generator, a fixed number of rounds.
 */

export interface CodebookOptions {
  k?: number;
  seed?: number;
  iterations?: number;
}

/** Returns k unit directions, k×3 row-major. `normals` is n×3 unit vectors. */
export function normalCodebook(normals: Float32Array, n: number, opts: CodebookOptions = {}): Float32Array {
  const k = opts.k ?? 40;
  if (n === 0) throw new RangeError('normal codebook: no training normals to cluster');
  const rand = mulberry32(opts.seed ?? 0);
  const centres = new Float32Array(k * 3);
  // k-means++ on the cosine distance 1 − n·c.
  const first = Math.floor(rand() * n);
  centres.set(normals.subarray(first * 3, first * 3 + 3), 0);
  const dist = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dd = Math.max(0, 1 - dot3(normals, i, centres, c - 1));
      if (dd < dist[i]!) dist[i] = dd;
      total += dist[i]!;
    }
    let pick = Math.floor(rand() * n);
    if (total > 0) {
      let r = rand() * total;
      for (let i = 0; i < n; i++) {
        r -= dist[i]!;
        if (r <= 0) {
          pick = i;
          break;
        }
      }
    }
    centres.set(normals.subarray(pick * 3, pick * 3 + 3), c * 3);
  }
  const assign = new Int32Array(n);
  for (let it = 0; it < (opts.iterations ?? 30); it++) {
    nearestCodes(normals, n, centres, k, assign);
    const sums = new Float64Array(k * 3);
    for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) sums[assign[i]! * 3 + j]! += normals[i * 3 + j]!;
    for (let c = 0; c < k; c++) {
      const norm = Math.hypot(sums[c * 3]!, sums[c * 3 + 1]!, sums[c * 3 + 2]!);
      // An empty (or cancelling) cluster keeps its previous centre.
      if (norm > 1e-12) for (let j = 0; j < 3; j++) centres[c * 3 + j] = sums[c * 3 + j]! / norm;
    }
  }
  return centres;
}

function dot3(a: Float32Array, i: number, b: Float32Array, j: number): number {
  return a[i * 3]! * b[j * 3]! + a[i * 3 + 1]! * b[j * 3 + 1]! + a[i * 3 + 2]! * b[j * 3 + 2]!;
}

/** Index of the codebook direction nearest (largest cosine) to each normal. */
export function nearestCodes(normals: Float32Array, n: number, codebook: Float32Array, k: number, out = new Int32Array(n)): Int32Array {
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestDot = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = dot3(normals, i, codebook, c);
      if (v > bestDot) {
        bestDot = v;
        best = c;
      }
    }
    out[i] = best;
  }
  return out;
}
