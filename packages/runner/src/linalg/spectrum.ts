import { CholeskyDecomposition, EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { encodeModel, type TensorSpec } from '@transferboard/onnx-intake/graph';
import { createSession, OrtTensor, run, type Session } from '../onnx/runtime';
import { NumpyRandomState } from '../random/numpy-random';

/**
 * The leading eigenpairs of the features' scatter matrix A = (X − 1·μᵀ)ᵀ(X − 1·μᵀ) (d × d, μ the
 * feature means): with the intercept absorbing the centring, the curvature of the logistic loss
 * in the weights is A's, weighted per sample, so these pairs are what the probe's
 * preconditioner (preconditioner.ts) needs.
 *
 * A is formed once (one n·d² float32 product in onnxruntime); then subspace iteration with
 * r + 16 vectors (Halko, Martinsson & Tropp 2011, alg. 4.4), each step one d²·q float64 product
 * and a Cholesky QR of the q × q Gram matrix in JavaScript, and Rayleigh–Ritz at the end. The
 * spectra of image features decay slowly, so a few power steps more than randomized SVD's usual
 * two; products with A, not with X, make them cheap. The pairs only steer a preconditioner: at
 * 3,000 × 2048 four steps and eight gave the probe the same iterations (608 and 607).
 */
export interface Spectrum {
  /** d. */
  dim: number;
  /** Rows of X. */
  count: number;
  /** Feature means μ, length d. */
  mean: Float64Array;
  /** Leading eigenvectors of A as rows, r × d, orthonormal (a zero row where A has rank < r). */
  vectors: Float64Array;
  /** Their eigenvalues, descending, length r. */
  values: Float64Array;
  /** The mean of A's remaining d − r eigenvalues, (trace(A) − Σ values) / (d − r); 0 when r = d. */
  tailMean: number;
}

const OVERSAMPLING = 16;
const POWER_STEPS = 4;

const i64 = (name: string, values: number[]): TensorSpec => ({
  name,
  type: 'int64',
  dims: [values.length],
  data: BigInt64Array.from(values.map(BigInt)),
});

/** XᵀX [d, d] and s = Xᵀ1 [1, d] from X [n, d], float32 products; `centredScatter` finishes A.
 * Cast and centring are left to JavaScript, in place: in the graph, XᵀX in float64, sᵀs/n and A
 * were three d × d float64 arrays alive at once (100 MB at d = 2048) on top of the float32 one. */
function momentsGraph(d: number): Uint8Array {
  return encodeModel({
    name: 'feature_moments',
    inputs: [{ name: 'X', type: 'float32', shape: ['n', d] }],
    outputs: [
      { name: 'XtX', type: 'float32', shape: [d, d] },
      { name: 'sums', type: 'float32', shape: [1, d] },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['X', 'X'], outputs: ['XtX'], attrs: { transA: 1 } },
      { op: 'ReduceSum', inputs: ['X', 'axis0'], outputs: ['sums'], attrs: { keepdims: 1 } },
    ],
    initializers: [i64('axis0', [0])],
    opset: 17,
  });
}

/** The moments graph's run and its centring; its float32 outputs are unreachable on return. */
async function scatterOf(session: Session, x: Float32Array, n: number, d: number) {
  const out = await run(session, { X: new OrtTensor('float32', x, [n, d]) });
  return centredScatter(out.XtX!.data as Float32Array, out.sums!.data as Float32Array, n, d);
}

/** A = XᵀX − s·μᵀ in float64 with μ = s/n: the same float64 operations, in the same order, as
 * the graph that did it before (Cast, Div, a one-term Gemm, Sub), so the same bits. */
function centredScatter(xtx: Float32Array, sums32: Float32Array, n: number, d: number) {
  const sums = Float64Array.from(sums32);
  const mean = sums.map((s) => s / n);
  const A = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const si = sums[i]!;
    for (let j = 0; j < d; j++) A[i * d + j] = xtx[i * d + j]! - si * mean[j]!;
  }
  return { A, mean };
}

/** One subspace step: Q = Y·R⁻¹ (orthonormal when G = RᵀR is Y's Gram), Y' = A·Q, G' = Y'ᵀY', B = QᵀY'. */
function subspaceStepGraph(dim: number): Uint8Array {
  const f64 = (name: string, shape: (string | number)[]) => ({ name, type: 'float64' as const, shape });
  return encodeModel({
    name: 'subspace_step',
    inputs: [f64('A', [dim, dim]), f64('Y', [dim, 'q']), f64('Rinv', ['q', 'q'])],
    outputs: [f64('Q', [dim, 'q']), f64('AQ', [dim, 'q']), f64('G', ['q', 'q']), f64('B', ['q', 'q'])],
    nodes: [
      { op: 'MatMul', inputs: ['Y', 'Rinv'], outputs: ['Q'] },
      { op: 'MatMul', inputs: ['A', 'Q'], outputs: ['AQ'] },
      { op: 'Gemm', inputs: ['AQ', 'AQ'], outputs: ['G'], attrs: { transA: 1 } },
      { op: 'Gemm', inputs: ['Q', 'AQ'], outputs: ['B'], attrs: { transA: 1 } },
    ],
    opset: 17,
  });
}

/**
 * R⁻¹ for the upper-triangular Cholesky factor R = Lᵀ of G = RᵀR (q × q, row-major, its upper
 * triangle read), as G⁻¹·L: two triangular solves. G is shifted by a relative 1e-12 so that a
 * rank-deficient block stays factorable, and by a thousand times more until it factors.
 */
function inverseCholesky(G: Float64Array, q: number): Float64Array {
  let maxDiag = 0;
  for (let i = 0; i < q; i++) maxDiag = Math.max(maxDiag, G[i * q + i]!);
  for (let shift = 1e-12 * maxDiag + Number.MIN_VALUE; ; shift *= 1e3) {
    const a = new Matrix(q, q);
    for (let i = 0; i < q; i++) {
      for (let j = i; j < q; j++) {
        const v = G[i * q + j]! + (i === j ? shift : 0);
        a.set(i, j, v);
        a.set(j, i, v);
      }
    }
    const factor = new CholeskyDecomposition(a);
    if (!factor.isPositiveDefinite()) continue;
    const Rinv = factor.solve(factor.lowerTriangularMatrix);
    return Float64Array.from({ length: q * q }, (_, k) => Rinv.get(Math.floor(k / q), k % q));
  }
}

/**
 * The r leading eigenpairs of the scatter matrix of X [n, d] (row-major float32). Seeded, so the
 * same features give the same pairs. `threads`: onnxruntime intra-op threads, 0 for every core.
 */
export async function leadingSpectrum(
  x: Float32Array,
  n: number,
  d: number,
  r: number,
  seed = 0,
  threads = 0,
): Promise<Spectrum> {
  const dim = d;
  const rank = Math.max(1, Math.min(r, dim));
  const q = Math.min(rank + OVERSAMPLING, dim);
  const opts = { intraOpThreads: threads, allowSpinning: false, memoryArena: false };
  const sessions: Session[] = [];
  try {
    const moment = await createSession(momentsGraph(d), opts);
    sessions.push(moment);
    const step = await createSession(subspaceStepGraph(dim), opts);
    sessions.push(step);
    const { A: a, mean } = await scatterOf(moment, x, n, d);
    const A = new OrtTensor('float64', a, [dim, dim]);
    let trace = 0;
    for (let i = 0; i < dim; i++) trace += a[i * dim + i]!;

    const rng = new NumpyRandomState(seed);
    let Y: Float64Array = Float64Array.from({ length: dim * q }, () => rng.random() - 0.5);
    let Rinv: Float64Array = identity(q);
    let out: Awaited<ReturnType<typeof run>> | undefined;
    for (let s = 0; s <= POWER_STEPS; s++) {
      out = await run(step, {
        A,
        Y: new OrtTensor('float64', Y, [dim, q]),
        Rinv: new OrtTensor('float64', Rinv, [q, q]),
      });
      Y = out.AQ!.data as Float64Array;
      Rinv = inverseCholesky(out.G!.data as Float64Array, q);
    }
    // Rayleigh–Ritz on the last orthonormal Q: B = QᵀAQ = V·Λ·Vᵀ, eigenvectors Q·V.
    const Q = out!.Q!.data as Float64Array;
    const B = new Matrix(q, q);
    const b = out!.B!.data as Float64Array;
    for (let i = 0; i < q; i++) for (let j = 0; j < q; j++) B.set(i, j, 0.5 * (b[i * q + j]! + b[j * q + i]!));
    const eig = new EigenvalueDecomposition(B, { assumeSymmetric: true });
    const order = eig.realEigenvalues.map((v, i) => [v, i] as const).sort((u, v) => v[0] - u[0]);
    const V = eig.eigenvectorMatrix;
    const vectors = new Float64Array(rank * dim);
    const values = new Float64Array(rank);
    for (let j = 0; j < rank; j++) {
      const [value, col] = order[j]!;
      values[j] = Math.max(0, value);
      const row = vectors.subarray(j * dim, (j + 1) * dim);
      for (let l = 0; l < q; l++) {
        const v = V.get(l, col);
        for (let i = 0; i < dim; i++) row[i] = row[i]! + Q[i * q + l]! * v;
      }
    }
    orthonormalizeRows(vectors, values, rank, dim);
    const tailMean = rank < dim ? Math.max(0, trace - values.reduce((s, v) => s + v, 0)) / (dim - rank) : 0;
    return { dim, count: n, mean, vectors, values, tailMean };
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}

/**
 * Gram–Schmidt (twice) on the eigenvector rows, in order. Where A has rank below q the Cholesky
 * QR above is only shifted, not orthonormal; a row that collapses becomes zero with eigenvalue 0,
 * so that the preconditioner built on the rows stays symmetric positive definite.
 */
function orthonormalizeRows(vectors: Float64Array, values: Float64Array, rank: number, dim: number): void {
  for (let j = 0; j < rank; j++) {
    const row = vectors.subarray(j * dim, (j + 1) * dim);
    const before = Math.sqrt(dotRows(row, row));
    for (let pass = 0; pass < 2; pass++) {
      for (let l = 0; l < j; l++) {
        const other = vectors.subarray(l * dim, (l + 1) * dim);
        const c = dotRows(row, other);
        for (let i = 0; i < dim; i++) row[i] = row[i]! - c * other[i]!;
      }
    }
    const norm = Math.sqrt(dotRows(row, row));
    if (!(norm > 1e-6 * before)) {
      row.fill(0);
      values[j] = 0;
    } else for (let i = 0; i < dim; i++) row[i] = row[i]! / norm;
  }
}

function dotRows(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function identity(q: number): Float64Array {
  const m = new Float64Array(q * q);
  for (let i = 0; i < q; i++) m[i * q + i] = 1;
  return m;
}
