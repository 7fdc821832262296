import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/**
 * Closed-form ridge regression for the dense probes. The Gram matrix comes from onnxruntime; the
 * d×d Cholesky solve (d³/3 flops) runs in float64 through ml-matrix, since no ONNX operator
 * offers one.
 */

/** Whatever computes XᵀX (d×d) and XᵀY (d×t) of centred row-major X (n×d) and Y (n×t): the dense probes' onnxruntime engine. */
export interface GramEngine {
  gramOf(
    x: Float32Array,
    n: number,
    d: number,
    y: Float32Array,
    t: number,
  ): Promise<{ G: Float32Array; R: Float32Array }>;
}

/**
 * Solves (G + λI)·W = R for a symmetric d×d G and a d×t R (row-major): the lower triangle of G
 * is used, as onnxruntime's XᵀX need not be symmetric to the last bit.
 */
function solveRegularised(
  G: ArrayLike<number>,
  d: number,
  lambda: number,
  R: ArrayLike<number>,
  t: number,
): Float64Array {
  const a = new Matrix(d, d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const v = G[i * d + j]! + (i === j ? lambda : 0);
      a.set(i, j, v);
      a.set(j, i, v);
    }
  }
  const factor = new CholeskyDecomposition(a);
  if (!factor.isPositiveDefinite())
    throw new Error('ridge: the regularised Gram matrix is not positive definite; raise the ridge strength');
  const rhs = new Matrix(d, t);
  for (let i = 0; i < d; i++) for (let c = 0; c < t; c++) rhs.set(i, c, R[i * t + c]!);
  const w = factor.solve(rhs);
  return Float64Array.from({ length: d * t }, (_, k) => w.get(Math.floor(k / t), k % t));
}

export interface RidgeFit {
  /** d×t row-major. */
  w: Float64Array;
  b: Float64Array;
  lambda: number;
}

/**
 * min ‖Xc W − Yc‖² + λ‖W‖² with X, Y centred (intercept unpenalised), λ = alpha × the mean
 * diagonal of Xcᵀ Xc, so alpha means the same whatever the features' scale.
 */
export async function fitRidge(
  engine: GramEngine,
  x: Float32Array,
  n: number,
  d: number,
  y: Float32Array,
  t: number,
  alpha: number,
): Promise<RidgeFit> {
  if (n === 0) throw new Error('ridge: no training rows');
  const mx = new Float64Array(d);
  const my = new Float64Array(t);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) mx[j]! += x[i * d + j]!;
    for (let c = 0; c < t; c++) my[c]! += y[i * t + c]!;
  }
  mx.forEach((v, j) => {
    mx[j] = v / n;
  });
  my.forEach((v, c) => {
    my[c] = v / n;
  });
  const xc = new Float32Array(n * d);
  const yc = new Float32Array(n * t);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) xc[i * d + j] = x[i * d + j]! - mx[j]!;
    for (let c = 0; c < t; c++) yc[i * t + c] = y[i * t + c]! - my[c]!;
  }
  const { G, R } = await engine.gramOf(xc, n, d, yc, t);
  let trace = 0;
  for (let j = 0; j < d; j++) trace += G[j * d + j]!;
  const lambda = Math.max(alpha * (trace / d), 1e-8);
  const w = solveRegularised(G, d, lambda, R, t);
  const b = new Float64Array(t);
  for (let c = 0; c < t; c++) {
    let s = my[c]!;
    for (let j = 0; j < d; j++) s -= mx[j]! * w[j * t + c]!;
    b[c] = s;
  }
  return { w, b, lambda };
}
