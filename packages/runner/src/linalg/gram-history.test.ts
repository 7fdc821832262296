import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@transferboard/suite/random';
import { GramHistory } from './gram-history';

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

/** The textbook two-loop recursion on explicit vectors (Nocedal & Wright, algorithm 7.4). */
function twoLoop(pairs: { s: Float64Array; y: Float64Array }[], g: Float64Array): Float64Array {
  const q = g.map((v) => -v);
  const alpha: number[] = [];
  for (let j = pairs.length - 1; j >= 0; j--) {
    const { s, y } = pairs[j]!;
    alpha[j] = dot(s, q) / dot(s, y);
    for (let i = 0; i < q.length; i++) q[i] = q[i]! - alpha[j]! * y[i]!;
  }
  const last = pairs[pairs.length - 1];
  if (last) {
    const gamma = dot(last.s, last.y) / dot(last.y, last.y);
    for (let i = 0; i < q.length; i++) q[i] = q[i]! * gamma;
  }
  for (let j = 0; j < pairs.length; j++) {
    const { s, y } = pairs[j]!;
    const beta = dot(y, q) / dot(s, y);
    for (let i = 0; i < q.length; i++) q[i] = q[i]! + (alpha[j]! - beta) * s[i]!;
  }
  return q;
}

/** Σ_i c_i · row_i of the history's rows: what onnxruntime computes from the coefficients. */
function combine(h: GramHistory, c: Float64Array): Float64Array {
  const out = new Float64Array(h.p);
  for (let r = 0; r < h.rows; r++) for (let i = 0; i < h.p; i++) out[i] = out[i]! + c[r]! * h.basis[r * h.p + i]!;
  return out;
}

/** Steps along the history's own directions on a convex quadratic ½xᵀAx − bᵀx with diagonal A. */
function run(steps: number, m: number, p: number, skipAt = -1) {
  const rand = mulberry32(7);
  const a = Float64Array.from({ length: p }, () => 0.5 + 4 * rand());
  const b = Float64Array.from({ length: p }, () => rand() - 0.5);
  const grad = (x: Float64Array) => x.map((v, i) => a[i]! * v - b[i]!);
  const h = new GramHistory(m, p);
  const kept: { s: Float64Array; y: Float64Array }[] = [];
  let x = new Float64Array(p);
  let g = grad(x);
  h.start(g, dot(g, g));
  const gaps: number[] = [];
  for (let step = 0; step < steps; step++) {
    const d = combine(h, h.direction());
    const expected = twoLoop(kept, g);
    gaps.push(Math.max(...d.map((v, i) => Math.abs(v - expected[i]!))) / Math.max(...expected.map(Math.abs)));
    const t = 0.3 + 0.5 * rand();
    const s = d.map((v) => t * v);
    const xNew = x.map((v, i) => v + s[i]!);
    // A step whose curvature pair must be skipped: y orthogonal-ish to s with sᵀy ≤ 0.
    const gNew = step === skipAt ? g.map((v, i) => v - s[i]! * 1e-3) : grad(xNew);
    const y = gNew.map((v, i) => v - g[i]!);
    const withRows = new Float64Array(h.rows * 3);
    for (let r = 0; r < h.rows; r++) {
      const row = h.basis.subarray(r * p, (r + 1) * p);
      withRows[r * 3] = dot(row, d);
      withRows[r * 3 + 1] = dot(row, gNew);
      withRows[r * 3 + 2] = dot(row, y);
    }
    h.push(s, y, gNew, {
      t,
      gtdOld: dot(g, d),
      withRows,
      dd: dot(d, d),
      dg: dot(d, gNew),
      dy: dot(d, y),
      gg: dot(gNew, gNew),
      yy: dot(y, y),
      gy: dot(gNew, y),
    });
    if (dot(s, y) > 2.220446049250313e-16 * -dot(g, s)) {
      kept.push({ s, y });
      if (kept.length > m) kept.shift();
    }
    x = xNew;
    g = gNew;
  }
  return { gaps, size: h.size };
}

describe('GramHistory', () => {
  it('gives the two-loop recursion’s direction while the memory fills and wraps around', () => {
    const { gaps, size } = run(14, 4, 30);
    expect(size).toBe(4);
    for (const gap of gaps) expect(gap).toBeLessThan(1e-10);
  });

  it('skips a pair without positive curvature, as L-BFGS-B does, and stays exact', () => {
    const { gaps, size } = run(6, 5, 20, 2);
    expect(size).toBe(5);
    for (const gap of gaps) expect(gap).toBeLessThan(1e-10);
  });

  it('starts from steepest descent', () => {
    const h = new GramHistory(3, 4);
    const g = Float64Array.from([1, -2, 3, 0.5]);
    h.start(g, dot(g, g));
    expect(Array.from(combine(h, h.direction()))).toEqual([-1, 2, -3, -0.5]);
  });
});
