import { loadPaperNormalsCodebook } from '@transferboard/suite/normals-codebook';

/**
 * The normal codebook: the paper's own 40 directions (vocab40.mat of the official repository,
 * k-means clusters of NYUv2 training normals), kept in packages/suite/data/paper. Pixels are
 * labelled with their nearest direction (the official make_SN_labels.py:
 * pairwise_distances_argmin_min, which for unit vectors is the largest cosine).
 */

let cached: Float32Array | undefined;

/** The paper's 40 unit directions, 40×3 row-major float32 (row i is class i). */
export function paperNormalsCodebook(): Float32Array {
  cached ??= Float32Array.from(loadPaperNormalsCodebook().directions);
  return cached;
}

function dot3(a: Float32Array, i: number, b: Float32Array, j: number): number {
  return a[i * 3]! * b[j * 3]! + a[i * 3 + 1]! * b[j * 3 + 1]! + a[i * 3 + 2]! * b[j * 3 + 2]!;
}

/** Index of the codebook direction nearest (largest cosine) to each normal. */
export function nearestCodes(
  normals: Float32Array,
  n: number,
  codebook: Float32Array,
  k: number,
  out = new Int32Array(n),
): Int32Array {
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
