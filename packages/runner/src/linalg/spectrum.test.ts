import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@transferboard/suite/random';
import { leadingSpectrum } from './spectrum';

/** Features with a large common mean and a few strong directions, like pooled CNN features. */
function features(n: number, d: number, seed: number): Float32Array {
  const rand = mulberry32(seed);
  const mean = Array.from({ length: d }, () => 3 + rand());
  const strong = Array.from({ length: 4 }, () => Array.from({ length: d }, () => rand() - 0.5));
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const w = strong.map((_, j) => (rand() - 0.5) * (8 - 2 * j));
    for (let c = 0; c < d; c++)
      x[i * d + c] = mean[c]! + 0.3 * (rand() - 0.5) + w.reduce((s, wj, j) => s + wj * strong[j]![c]!, 0);
  }
  return x;
}

/** The centred scatter matrix in float64, and its eigenvalues descending (ml-matrix, the reference). */
function reference(x: Float32Array, n: number, d: number) {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let c = 0; c < d; c++) mean[c]! += x[i * d + c]! / n;
  const A = new Matrix(d, d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++)
      for (let b = 0; b < d; b++) A.set(a, b, A.get(a, b) + (x[i * d + a]! - mean[a]!) * (x[i * d + b]! - mean[b]!));
  const values = new EigenvalueDecomposition(A, { assumeSymmetric: true }).realEigenvalues.sort((u, v) => v - u);
  return { A, mean, values };
}

describe('leadingSpectrum', () => {
  it('finds the leading eigenpairs of the centred scatter matrix, the means and the tail mean', async () => {
    const [n, d, r] = [300, 40, 6];
    const x = features(n, d, 11);
    const ref = reference(x, n, d);
    const s = await leadingSpectrum(x, n, d, r, 0, 1);
    expect(s.dim).toBe(d);
    expect(s.count).toBe(n);
    for (let c = 0; c < d; c++) expect(s.mean[c]).toBeCloseTo(ref.mean[c]!, 4);
    for (let j = 0; j < r; j++) {
      expect(Math.abs(s.values[j]! - ref.values[j]!) / ref.values[0]!).toBeLessThan(1e-5);
      // A·u = λ·u for the returned vector, and rows orthonormal.
      const u = Matrix.rowVector(Array.from(s.vectors.subarray(j * d, (j + 1) * d)));
      const residual = u.mmul(ref.A).sub(u.clone().mul(s.values[j]!)).norm();
      expect(residual / ref.values[0]!).toBeLessThan(1e-4);
      for (let l = 0; l <= j; l++) {
        const v = Matrix.rowVector(Array.from(s.vectors.subarray(l * d, (l + 1) * d)));
        expect(u.dot(v)).toBeCloseTo(l === j ? 1 : 0, 8);
      }
    }
    const trace = ref.values.reduce((a, b) => a + b, 0);
    const tail = (trace - ref.values.slice(0, r).reduce((a, b) => a + b, 0)) / (d - r);
    expect(Math.abs(s.tailMean - tail) / tail).toBeLessThan(1e-3);
  });

  it('is seeded: the same features give the same pairs', async () => {
    const x = features(120, 24, 3);
    const a = await leadingSpectrum(x, 120, 24, 5, 7, 1);
    const b = await leadingSpectrum(x, 120, 24, 5, 7, 1);
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
  });

  it('stays finite and orthonormal where the features have fewer rows than dimensions', async () => {
    const [n, d] = [6, 30];
    const x = features(n, d, 5);
    const s = await leadingSpectrum(x, n, d, 20, 0, 1);
    // The centred scatter of 6 rows has rank ≤ 5: the rest are zero rows with eigenvalue 0.
    expect(s.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    expect(s.values.slice(5).every((v) => v < 1e-4 * s.values[0]!)).toBe(true);
    for (let j = 0; j < 20; j++) {
      const row = s.vectors.subarray(j * d, (j + 1) * d);
      const norm = Math.sqrt(row.reduce((a, v) => a + v * v, 0));
      expect(norm === 0 || Math.abs(norm - 1) < 1e-9).toBe(true);
    }
    expect(Number.isFinite(s.tailMean)).toBe(true);
  });
});
