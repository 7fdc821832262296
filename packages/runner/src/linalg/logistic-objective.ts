import { createSession, floatTensor, run, type Session, type Tensor } from '../onnx/runtime';
import type { LineSearchProblem, Objective } from './lbfgs';
import { logitsGraph, lossGradGraph, residualGradGraph, trialGraph, type LossKind } from './logistic-graphs';

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
  /** n × k zeros: the direction image for evaluating at a point itself. */
  readonly zeros: Tensor;
}

export class LogisticEngine {
  private constructor(
    readonly kind: LossKind,
    readonly d: number,
    readonly k: number,
    private readonly lossGrad: Session,
    private readonly logits: Session,
    private readonly trialSession: Session,
    private readonly residualGrad: Session,
  ) {}

  /** Passes over X (each an n·d·k multiply-add product), for timings and benchmarks. */
  dataPasses = 0;

  /** `threads`: onnxruntime intra-op threads, 0 for every core. */
  static async create(kind: LossKind, d: number, k: number, threads = 0): Promise<LogisticEngine> {
    const opts = { intraOpThreads: threads, allowSpinning: false };
    const sessions = await Promise.all(
      [lossGradGraph(kind), logitsGraph(), trialGraph(kind), residualGradGraph()].map((g) => createSession(g, opts)),
    );
    const [lossGrad, logits, trial, residualGrad] = sessions as [Session, Session, Session, Session];
    return new LogisticEngine(kind, d, k, lossGrad, logits, trial, residualGrad);
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
      zeros: floatTensor(new Float32Array(design.n * this.k), [design.n, this.k]),
    };
  }

  /** f and ∇f for one L2 strength, evaluated in full (two passes over X) at every call. */
  objective(bound: BoundDesign, l2: number): Objective {
    const { d, k } = this;
    return async (params, grad) => {
      const { W, b } = this.split(params);
      this.dataPasses += 2;
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

  /**
   * The same objective as a line-search problem for L-BFGS: two passes over X per iteration
   * (X·d for the direction, Xᵀ·G for the gradient at the accepted step) however many trial
   * steps the line search takes, since trials only combine n × k logits.
   */
  problem(bound: BoundDesign, l2: number): LineSearchProblem {
    const nw = this.d * this.k;
    let Z: Tensor; // logits at the current point
    let x: Float64Array = new Float64Array(0);
    let dir: Float64Array = new Float64Array(0);
    let XD: Tensor;
    let ww = 0;
    let wd = 0;
    let dd = 0;
    const trials = new Map<number, { G: Tensor; Z: Tensor }>();
    const evalAt = async (z0: Tensor, xd: Tensor, t: number) => {
      const out = await run(this.trialSession, { Z0: z0, XD: xd, Y: bound.Y, t: floatTensor(new Float32Array([t]), [1]) });
      return { rowLoss: out.rowLoss!.data as Float32Array, rowDir: out.rowDir!.data as Float32Array, G: out.G!, Z: out.Z! };
    };
    const gradient = async (G: Tensor, grad: Float64Array, weight: (i: number) => number) => {
      this.dataPasses++;
      const out = await run(this.residualGrad, { X: bound.X, G });
      const gW = out.gradW!.data as Float32Array;
      const gB = out.gradB!.data as Float32Array;
      for (let i = 0; i < nw; i++) grad[i] = gW[i]! + l2 * weight(i);
      for (let j = 0; j < this.k; j++) grad[nw + j] = gB[j]!;
    };
    return {
      start: async (x0, grad) => {
        Z = await this.decisionTensor(bound.X, bound.n, x0);
        const r = await evalAt(Z, bound.zeros, 0);
        await gradient(r.G, grad, (i) => x0[i]!);
        return sum(r.rowLoss) + 0.5 * l2 * sqNorm(x0, nw);
      },
      setDirection: async (xc, d) => {
        x = xc;
        dir = d;
        trials.clear();
        XD = await this.decisionTensor(bound.X, bound.n, d);
        ww = sqNorm(x, nw);
        dd = sqNorm(d, nw);
        wd = 0;
        for (let i = 0; i < nw; i++) wd += x[i]! * d[i]!;
      },
      trial: async (t) => {
        const r = await evalAt(Z, XD, t);
        trials.set(t, { G: r.G, Z: r.Z });
        return {
          f: sum(r.rowLoss) + 0.5 * l2 * (ww + 2 * t * wd + t * t * dd),
          gtd: sum(r.rowDir) + l2 * (wd + t * dd),
        };
      },
      accept: async (t, grad) => {
        const chosen = trials.get(t)!;
        trials.clear();
        Z = chosen.Z;
        await gradient(chosen.G, grad, (i) => x[i]! + t * dir[i]!);
      },
    };
  }

  private async decisionTensor(X: Tensor, n: number, params: Float64Array): Promise<Tensor> {
    this.dataPasses++;
    const { W, b } = this.split(params);
    const out = await run(this.logits, { X, W: floatTensor(W, [this.d, this.k]), b: floatTensor(b, [this.k]) });
    return out.Z!;
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
    await Promise.all([this.lossGrad, this.logits, this.trialSession, this.residualGrad].map((s) => s.release()));
  }
}

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

function sqNorm(a: Float64Array, count: number): number {
  let s = 0;
  for (let i = 0; i < count; i++) s += a[i]! * a[i]!;
  return s;
}
