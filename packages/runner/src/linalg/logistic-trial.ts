import type { LossKind } from './logistic-graphs';

/**
 * One line-search trial without touching X, fused into a few passes over the k × n logits:
 * Zt = Z0 + t·XD, the data loss Σ_i loss_i(Zt), the residual G = ∂loss/∂Z at Zt (float32, for
 * the gradient's product) and the slope Σ ⟨G, XD⟩, all in float64 (why float64: trialGraph).
 *
 * It replaces the ONNX trial graph (trialGraph, kept as this kernel's test oracle): that graph is
 * ~15 element-wise operators, each writing a fresh k × n float64 tensor, so a trial cost as much
 * as a pass over X (docs/protocols.md, "Speed"). Here the arithmetic is the graph's, operation for
 * operation, with the per-sample scratch reused across trials; only ZT and GT are new per trial
 * (the line search keeps every trial's until it picks one).
 */
export interface TrialResult {
  loss: number;
  slope: number;
  /** Residual at Zt [k, n], float32. */
  gT: Float32Array;
  /** Logits Zt [k, n], float64. */
  zT: Float64Array;
}

export class TrialKernel {
  /** Per-sample accumulators (length n) and the softmax's exponentials (k × n), reused. */
  private readonly colA: Float64Array;
  private readonly colB: Float64Array;
  private readonly colC: Float64Array;
  private readonly colDir: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly kind: LossKind,
    readonly k: number,
    readonly n: number,
  ) {
    this.colA = new Float64Array(n);
    this.colB = new Float64Array(n);
    this.colC = new Float64Array(n);
    this.colDir = new Float64Array(n);
    this.scratch = new Float64Array(kind === 'softmax' ? k * n : 0);
  }

  /** z0T [k, n] float64, xdT [k, n] float32, yT [k, n] float64 targets, step t. */
  run(z0T: Float64Array, xdT: Float32Array, yT: Float64Array, t: number): TrialResult {
    const size = this.k * this.n;
    if (z0T.length !== size || xdT.length !== size || yT.length !== size) {
      throw new Error(`trial: expected k × n = ${size} logits, directions and targets`);
    }
    const zT = new Float64Array(size);
    const gT = new Float32Array(size);
    for (let j = 0; j < size; j++) zT[j] = z0T[j]! + xdT[j]! * t;
    const loss = this.kind === 'softmax' ? this.softmax(zT, xdT, yT, gT) : this.sigmoid(zT, xdT, yT, gT);
    const dir = this.colDir;
    let slope = 0;
    for (let i = 0; i < this.n; i++) slope += dir[i]!;
    return { loss, slope, gT, zT };
  }

  /** −log softmax(z)_y = log Σ exp(z − max) − (z_y − max) per sample, G = P − Y; returns Σ loss. */
  private softmax(zT: Float64Array, xdT: Float32Array, yT: Float64Array, gT: Float32Array): number {
    const { k, n } = this;
    const zMax = this.colA.fill(-Infinity);
    const sumE = this.colB.fill(0);
    const zY = this.colC.fill(0);
    const dir = this.colDir.fill(0);
    const e = this.scratch;
    for (let c = 0; c < k; c++) {
      const row = c * n;
      for (let i = 0; i < n; i++) {
        const z = zT[row + i]!;
        // ReduceMax's NaN: a NaN logit makes its sample's max NaN, so the loss is NaN, not finite.
        if (z > zMax[i]! || Number.isNaN(z)) zMax[i] = z;
      }
    }
    for (let c = 0; c < k; c++) {
      const row = c * n;
      for (let i = 0; i < n; i++) {
        const zc = zT[row + i]! - zMax[i]!;
        const ei = Math.exp(zc);
        e[row + i] = ei;
        sumE[i] += ei;
        zY[i] += zc * yT[row + i]!;
      }
    }
    // Per-sample loss first, then the sum: the graph's order, so f matches it to rounding.
    let loss = 0;
    for (let i = 0; i < n; i++) loss += Math.log(sumE[i]!) - zY[i]!;
    for (let c = 0; c < k; c++) {
      const row = c * n;
      for (let i = 0; i < n; i++) {
        const g = e[row + i]! / sumE[i]! - yT[row + i]!;
        gT[row + i] = g;
        dir[i] += g * xdT[row + i]!;
      }
    }
    return loss;
  }

  /** Independent binary log-losses, relu(z) + log(1 + e^−|z|) − y·z, G = σ(z) − y; returns Σ loss. */
  private sigmoid(zT: Float64Array, xdT: Float32Array, yT: Float64Array, gT: Float32Array): number {
    const { k, n } = this;
    const rowLoss = this.colC.fill(0);
    const dir = this.colDir.fill(0);
    for (let c = 0; c < k; c++) {
      const row = c * n;
      for (let i = 0; i < n; i++) {
        const z = zT[row + i]!;
        const y = yT[row + i]!;
        const eNeg = Math.exp(-Math.abs(z));
        rowLoss[i] += (z > 0 ? z : 0) + Math.log(1 + eNeg) - y * z;
        // σ(z) from e^−|z|, overflow-free on both sides.
        const s = z >= 0 ? 1 / (1 + eNeg) : eNeg / (1 + eNeg);
        const g = s - y;
        gT[row + i] = g;
        dir[i] += g * xdT[row + i]!;
      }
    }
    let loss = 0;
    for (let i = 0; i < n; i++) loss += rowLoss[i]!;
    return loss;
  }
}
