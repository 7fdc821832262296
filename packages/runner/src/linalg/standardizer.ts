/**
 * Per-column standardisation for the dense probes' heads: fit on the training rows, applied in
 * place, and folded back into the weights so that the stored head reads raw features.
 */

export interface Standardizer {
  mean: Float64Array;
  /** Standard deviation, floored so constant columns do not divide by zero. */
  std: Float64Array;
}

/** Column means and standard deviations of an n×d matrix. */
export function fitStandardizer(x: Float32Array, n: number, d: number): Standardizer {
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) mean[j]! += x[row + j]!;
  }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) {
      const v = x[row + j]! - mean[j]!;
      sq[j]! += v * v;
    }
  }
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) std[j] = Math.max(Math.sqrt(sq[j]! / n), 1e-6);
  return { mean, std };
}

export function standardizeInPlace(x: Float32Array, n: number, d: number, s: Standardizer): void {
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let j = 0; j < d; j++) x[row + j] = (x[row + j]! - s.mean[j]!) / s.std[j]!;
  }
}

/**
 * Weights for standardised inputs turned into weights for raw inputs:
 * ((x − μ)/σ)·W + b = x·(W/σ) + (b − (μ/σ)·W). W is d×k row-major.
 */
export function foldStandardizer(
  w: Float64Array,
  b: Float64Array,
  s: Standardizer,
  d: number,
  k: number,
): { W: Float32Array; b: Float32Array } {
  const W = new Float32Array(d * k);
  const bias = Float64Array.from(b);
  for (let j = 0; j < d; j++) {
    const inv = 1 / s.std[j]!;
    for (let c = 0; c < k; c++) {
      const v = w[j * k + c]! * inv;
      W[j * k + c] = v;
      bias[c]! -= s.mean[j]! * v;
    }
  }
  return { W, b: Float32Array.from(bias) };
}
