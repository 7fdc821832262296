import { createSession, floatTensor, run, type Session, type Tensor } from '../onnx/runtime';
import type { Objective } from './lbfgs';
import { logitsGraph, lossGradGraph, type LossKind } from './logistic-graphs';

/**
 * The L2-regularised logistic objective of scikit-learn's lbfgs solver:
 *   f(W, b) = Σ_i loss_i(W, b) + ½·λ·‖W‖²   (intercept b not penalised, λ = 1/C)
 * with the data term evaluated by onnxruntime in float32 and the sums and the penalty in float64.
 * Parameters are one float64 vector: W row-major [d, k], then b [k].
 */

export interface Design {
  x: Float32Array;
  n: number;
  d: number;
  /** n × k targets: one-hot rows (softmax) or 0/1 labels (sigmoid). */
  targets: Float32Array;
}

export interface BoundDesign {
  readonly n: number;
  readonly X: Tensor;
  readonly Y: Tensor;
}

export class LogisticEngine {
  private constructor(
    readonly kind: LossKind,
    readonly d: number,
    readonly k: number,
    private readonly lossGrad: Session,
    private readonly logits: Session,
  ) {}

  static async create(kind: LossKind, d: number, k: number): Promise<LogisticEngine> {
    const [lossGrad, logits] = await Promise.all([createSession(lossGradGraph(kind)), createSession(logitsGraph())]);
    return new LogisticEngine(kind, d, k, lossGrad, logits);
  }

  get size(): number {
    return (this.d + 1) * this.k;
  }

  /** Wraps the big arrays in tensors once; onnxruntime reads them without a copy on each call. */
  bind(design: Design): BoundDesign {
    return {
      n: design.n,
      X: floatTensor(design.x, [design.n, this.d]),
      Y: floatTensor(design.targets, [design.n, this.k]),
    };
  }

  /** f and ∇f for one L2 strength; also counts evaluations for the caller's timings. */
  objective(bound: BoundDesign, l2: number): Objective {
    const { d, k } = this;
    return async (params, grad) => {
      const { W, b } = this.split(params);
      const out = await run(this.lossGrad, { X: bound.X, Y: bound.Y, W: floatTensor(W, [d, k]), b: floatTensor(b, [k]) });
      const rowLoss = out.rowLoss!.data as Float32Array;
      const gW = out.gradW!.data as Float32Array;
      const gB = out.gradB!.data as Float32Array;
      let f = 0;
      for (let i = 0; i < rowLoss.length; i++) f += rowLoss[i]!;
      let norm2 = 0;
      const nw = d * k;
      for (let i = 0; i < nw; i++) {
        const w = params[i]!;
        norm2 += w * w;
        grad[i] = gW[i]! + l2 * w;
      }
      for (let j = 0; j < k; j++) grad[nw + j] = gB[j]!;
      return f + 0.5 * l2 * norm2;
    };
  }

  /** Decision values XW + b, n × k. */
  async decision(x: Float32Array, n: number, params: Float64Array): Promise<Float32Array> {
    const { W, b } = this.split(params);
    const out = await run(this.logits, {
      X: floatTensor(x, [n, this.d]),
      W: floatTensor(W, [this.d, this.k]),
      b: floatTensor(b, [this.k]),
    });
    return out.Z!.data as Float32Array;
  }

  private split(params: Float64Array): { W: Float32Array; b: Float32Array } {
    const nw = this.d * this.k;
    return { W: Float32Array.from(params.subarray(0, nw)), b: Float32Array.from(params.subarray(nw)) };
  }

  async release(): Promise<void> {
    await Promise.all([this.lossGrad.release(), this.logits.release()]);
  }
}
