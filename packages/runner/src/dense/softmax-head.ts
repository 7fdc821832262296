import type { StopReason } from '../linalg/lbfgs';
import { minimizeLogistic } from '../linalg/logistic-lbfgs';
import { LogisticEngine } from '../linalg/logistic-objective';

/**
 * A multinomial logistic-regression head, fitted with the linear probe's machinery (the
 * probes' LogisticEngine: softmax cross-entropy and gradient as ONNX graphs, L-BFGS with
 * SciPy's stopping rules): Σ_i CE_i + ½·λ‖W‖², intercept unpenalised. Convex, so the fit does
 * not depend on a learning-rate schedule as SGD would.
 */

/** A classifier's training problem: rows x (n×d, standardised), labels in 0..k-1, L2 strength. */
export interface TrainingDesign {
  x: Float32Array;
  n: number;
  d: number;
  labels: Int32Array;
  k: number;
  l2: number;
}

export interface SoftmaxHeadFit {
  /** d×k row-major. */
  w: Float64Array;
  b: Float64Array;
  loss: number;
  iterations: number;
  evaluations: number;
  stop: StopReason;
}

export async function fitSoftmaxHead(
  x: Float32Array,
  n: number,
  d: number,
  labels: Int32Array,
  k: number,
  l2: number,
  maxIter: number,
): Promise<SoftmaxHeadFit> {
  const targets = new Float32Array(n * k);
  for (let i = 0; i < n; i++) targets[i * k + labels[i]!] = 1;
  const engine = await LogisticEngine.create('softmax', d, k);
  try {
    const bound = engine.bind({ x, n, d, targets });
    const fit = await minimizeLogistic(engine, bound, l2, new Float64Array(engine.size), { maxIter });
    // The engine keeps Wᵀ (class-major); heads are d×k.
    const w = new Float64Array(d * k);
    for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) w[j * k + c] = fit.x[c * d + j]!;
    return {
      w,
      b: fit.x.slice(d * k),
      loss: fit.f,
      iterations: fit.iterations,
      evaluations: fit.evaluations,
      stop: fit.reason,
    };
  } finally {
    await engine.release();
  }
}
