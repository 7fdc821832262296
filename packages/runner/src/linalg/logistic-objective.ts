import { createSession, OrtTensor, run, type Session, type Tensor } from '../onnx/runtime';
import type { Objective } from './lbfgs';
import {
  acceptGraph,
  decisionGraph,
  directionGraph,
  gradientGraph,
  iterationGraph,
  logitsTGraph,
  preconditionInverseGraph,
  trialGraph,
  type LossKind,
} from './logistic-graphs';
import { KnBuffers } from './kn-buffers';
import type { Preconditioner, PreconditionerMap } from './preconditioner';

/**
 * The L2-regularised logistic objective of scikit-learn's lbfgs solver:
 *   f(W, b) = Σ_i loss_i(W, b) + ½·λ·‖W‖²   (intercept b not penalised, λ = 1/C)
 * with the data term evaluated by onnxruntime in float32 and the sums, the penalty, the
 * parameters and the gradient in float64. Parameters are one float64 vector [Wᵀ (k × d,
 * row-major, like scikit-learn's coef_), b (k)].
 */

export interface Design {
  x: Float32Array;
  n: number;
  d: number;
  /** n × k targets, row-major: one-hot rows (softmax) or 0/1 labels (sigmoid). */
  targets: Float32Array;
}

export interface BoundDesign {
  readonly n: number;
  readonly X: Tensor;
  /** Targets in the logits' layout: softmax, the class indices [1, n] (int64); sigmoid, the 0/1
   * labels transposed, k × n (float64). */
  readonly YT: Tensor;
  /** k × n zeros: the direction image for evaluating at a point itself. */
  readonly zerosT: Tensor;
  /** The k × n outputs' buffers, owned by the design and reused by every run (kn-buffers.ts). */
  readonly out: KnBuffers;
}

export interface TrialOutput {
  loss: number;
  slope: number;
  GT: Tensor;
  ZT: Tensor;
}

export interface DirectionOutput {
  dir: Float64Array;
  /** M·dir, the model's direction (dir itself without a preconditioner). */
  dirModel: Float64Array;
  XDT: Tensor;
  gtd: number;
  dd: number;
  ddW: number;
  xdW: number;
}

export interface AcceptOutput {
  s: Float64Array;
  xNew: Float64Array;
  gNew: Float64Array;
  y: Float64Array;
  rowDots: Float64Array;
  scalars: Float64Array;
  /** The model's parameters and gradient at xNew (the same arrays as xNew, gNew without a preconditioner). */
  xNewModel: Float64Array;
  gNewModel: Float64Array;
}

export interface GradientOutput {
  /** In the solver's variables (u with a preconditioner, else the model's). */
  g: Float64Array;
  /** The model's. */
  gModel: Float64Array;
}

/** A preconditioner's tensors, wrapped once per fit (preconditioner.ts). */
export interface BoundPreconditioner {
  forward: PreconditionerFeeds;
  inverse: PreconditionerFeeds;
}

type PreconditionerFeeds = { U: Tensor; mu: Tensor; pa: Tensor; pbeta: Tensor; pb: Tensor };

type GraphName = 'logitsT' | 'decision' | 'trial' | 'gradient' | 'direction' | 'accept' | 'iteration';
type PreconditionedGraphName = 'gradient' | 'direction' | 'accept' | 'inverse' | 'iteration';

const f64 = (data: Float64Array, dims: readonly number[]) => new OrtTensor('float64', data, dims);
const f32 = (data: Float32Array, dims: readonly number[]) => new OrtTensor('float32', data, dims);

export class LogisticEngine {
  /** Passes over X (each an n·d·k multiply-add product), for timings and benchmarks. */
  dataPasses = 0;
  /** 1 on the weight entries, 0 on the intercepts. */
  readonly wmask: Float64Array;

  private constructor(
    readonly kind: LossKind,
    readonly d: number,
    readonly k: number,
    private readonly sessions: Record<GraphName, Session>,
    private readonly threads: number,
  ) {
    this.wmask = new Float64Array(this.size);
    this.wmask.fill(1, 0, d * k);
  }

  /** `threads`: onnxruntime intra-op threads, 0 for every core. */
  static async create(kind: LossKind, d: number, k: number, threads = 0): Promise<LogisticEngine> {
    const graphs = {
      logitsT: logitsTGraph(k, d),
      decision: decisionGraph(k, d),
      trial: trialGraph(kind),
      gradient: gradientGraph(k, d),
      direction: directionGraph(k, d),
      accept: acceptGraph(k, d),
      iteration: iterationGraph(kind, k, d),
    };
    return new LogisticEngine(kind, d, k, await sessionsOf(graphs, threads), threads);
  }

  private preconditionedSessions?: Promise<Record<PreconditionedGraphName, Session>>;

  /** The preconditioned variants of the solver's graphs, built on first use. */
  private preconditioned(): Promise<Record<PreconditionedGraphName, Session>> {
    const { k, d } = this;
    this.preconditionedSessions ??= sessionsOf(
      {
        gradient: gradientGraph(k, d, true),
        direction: directionGraph(k, d, true),
        accept: acceptGraph(k, d, true),
        inverse: preconditionInverseGraph(k, d),
        iteration: iterationGraph(this.kind, k, d, true),
      },
      this.threads,
    );
    return this.preconditionedSessions;
  }

  /** The loss's curvature per class row at the zero model, the preconditioner's c. */
  get curvature(): number {
    return this.kind === 'softmax' ? 1 / this.k : 1 / 4;
  }

  bindPreconditioner(p: Preconditioner): BoundPreconditioner {
    const { dim, vectors, values, mean } = p.spectrum;
    const U = f64(vectors, [values.length, dim]);
    const mu = f64(mean, [dim, 1]);
    const scalar = (v: number) => f64(new Float64Array([v]), [1]);
    const feeds = (m: PreconditionerMap) => ({
      U,
      mu,
      pa: scalar(m.a),
      pbeta: f64(m.beta, [1, m.beta.length]),
      pb: scalar(m.pb),
    });
    return { forward: feeds(p.forward), inverse: feeds(p.inverse) };
  }

  /** M⁻¹·x: the model's parameters x in the preconditioner's variables u. */
  async toPreconditioned(x: Float64Array, pre: BoundPreconditioner): Promise<Float64Array> {
    const sessions = await this.preconditioned();
    const out = await run(sessions.inverse, { v: f64(x, [x.length]), ...pre.inverse });
    return out.out!.data as Float64Array;
  }

  get size(): number {
    return (this.d + 1) * this.k;
  }

  /** Wraps the big arrays in tensors once; onnxruntime reads them without a copy on each call. */
  bind(design: Design): BoundDesign {
    const { n } = design;
    const { k } = this;
    return {
      n,
      X: f32(design.x, [n, this.d]),
      YT: this.kind === 'softmax' ? classIndices(design.targets, n, k) : transposed(design.targets, n, k),
      zerosT: f32(new Float32Array(n * k), [k, n]),
      out: new KnBuffers(k, n),
    };
  }

  /** λ on the weight entries, 0 on the intercepts: the penalty's gradient is l2mask ⊙ x. */
  l2mask(l2: number): Float64Array {
    const m = new Float64Array(this.size);
    m.fill(l2, 0, this.d * this.k);
    return m;
  }

  /** Logits Zᵀ (k × n) at parameters x. */
  async logitsT(bound: BoundDesign, x: Float64Array): Promise<Tensor> {
    this.dataPasses++;
    const ZT = bound.out.logits();
    await run(this.sessions.logitsT, { X: bound.X, x: f64(x, [x.length]) }, { ZT });
    return ZT;
  }

  /** Data loss and its slope along the direction at logits Z0 + t·XD (no pass over X). */
  async trial(bound: BoundDesign, Z0T: Tensor, XDT: Tensor, t: number): Promise<TrialOutput> {
    const [GT, ZT] = [bound.out.residual, bound.out.logitsBeside(Z0T)];
    const out = await run(
      this.sessions.trial,
      { Z0T, XDT, YT: bound.YT, t: f64(new Float64Array([t]), [1]) },
      { rowLoss: null, rowDir: null, GT, ZT },
    );
    const result = {
      loss: sum(out.rowLoss!.data as Float64Array),
      slope: sum(out.rowDir!.data as Float64Array),
      GT,
      ZT,
    };
    return result;
  }

  /** The full gradient at the model's parameters x from the residual GT at x (one pass over X). */
  async gradient(
    bound: BoundDesign,
    GT: Tensor,
    x: Float64Array,
    l2mask: Float64Array,
    pre?: BoundPreconditioner,
  ): Promise<GradientOutput> {
    this.dataPasses++;
    const p = this.size;
    const feeds = { X: bound.X, GT, x: f64(x, [p]), l2mask: f64(l2mask, [p]) };
    if (!pre) {
      const g = (await run(this.sessions.gradient, feeds)).g!.data as Float64Array;
      return { g, gModel: g };
    }
    const out = await run((await this.preconditioned()).gradient, { ...feeds, ...pre.forward });
    return { g: out.g!.data as Float64Array, gModel: out.gModel!.data as Float64Array };
  }

  /** The direction c·R from the L-BFGS memory R [r, p], its image X·d and the line search's scalars. */
  async direction(
    bound: BoundDesign,
    c: Float64Array,
    R: Float64Array,
    x: Float64Array,
    g: Float64Array,
    pre?: { map: BoundPreconditioner; xModel: Float64Array },
  ): Promise<DirectionOutput> {
    this.dataPasses++;
    const session = pre ? (await this.preconditioned()).direction : this.sessions.direction;
    const out = await run(session, this.directionFeeds(bound, c, R, x, g, pre), {
      dir: null,
      XDT: bound.out.image,
      scalars: null,
      ...(pre ? { dirModel: null } : {}),
    });
    const s = out.scalars!.data as Float64Array;
    const dir = out.dir!.data as Float64Array;
    const dirModel = pre ? (out.dirModel!.data as Float64Array) : dir;
    return { dir, dirModel, XDT: bound.out.image, gtd: s[0]!, dd: s[1]!, ddW: s[2]!, xdW: s[3]! };
  }

  /** What the direction needs, in direction() and iterate() alike: the memory, the point, its gradient. */
  private directionFeeds(
    bound: BoundDesign,
    c: Float64Array,
    R: Float64Array,
    x: Float64Array,
    g: Float64Array,
    pre?: { map: BoundPreconditioner; xModel: Float64Array },
  ): Record<string, Tensor> {
    const p = this.size;
    return {
      ...(pre ? { ...pre.map.forward, xModel: f64(pre.xModel, [p]) } : {}),
      X: bound.X,
      c: f64(c, [1, c.length]),
      R: f64(R, [c.length, p]),
      x: f64(x, [p]),
      g: f64(g, [p]),
      wmask: f64(this.wmask, [p]),
    };
  }

  /**
   * direction() and trial() at step t in one run, and (see iterationGraph) what accept() would
   * return for that trial with gOld = g, computed speculatively.
   */
  async iterate(
    bound: BoundDesign,
    c: Float64Array,
    R: Float64Array,
    from: { x: Float64Array; g: Float64Array; ZT: Tensor; t: number; l2mask: Float64Array },
    pre?: { map: BoundPreconditioner; xModel: Float64Array },
  ): Promise<{ direction: DirectionOutput; trial: TrialOutput; accept: AcceptOutput }> {
    const p = this.size;
    const session = pre ? (await this.preconditioned()).iteration : this.sessions.iteration;
    this.dataPasses += 2;
    // The k × n outputs go into the design's buffers, as direction() and trial() write them.
    const [XDT, GT, ZT] = [bound.out.image, bound.out.residual, bound.out.logitsBeside(from.ZT)];
    const fresh = (names: string[]) => Object.fromEntries(names.map((name) => [name, null]));
    const out = await run(
      session,
      {
        ...this.directionFeeds(bound, c, R, from.x, from.g, pre),
        Z0T: from.ZT,
        YT: bound.YT,
        t: f64(new Float64Array([from.t]), [1]),
        l2mask: f64(from.l2mask, [p]),
      },
      {
        XDT,
        GT,
        ZT,
        ...fresh(['dir', 'scalars', 'rowLoss', 'rowDir', 's', 'xNew', 'gNew', 'y', 'rowDots', 'acceptScalars']),
        ...(pre ? fresh(['dirModel', 'xNewModel', 'gNewModel']) : {}),
      },
    );
    const data = (name: string) => out[name]!.data as Float64Array;
    const s = data('scalars');
    const dir = data('dir');
    const direction = {
      dir,
      dirModel: pre ? data('dirModel') : dir,
      XDT,
      gtd: s[0]!,
      dd: s[1]!,
      ddW: s[2]!,
      xdW: s[3]!,
    };
    const trial = { loss: sum(data('rowLoss')), slope: sum(data('rowDir')), GT, ZT };
    const [xNew, gNew] = [data('xNew'), data('gNew')];
    const accept = {
      s: data('s'),
      xNew,
      gNew,
      y: data('y'),
      rowDots: data('rowDots'),
      scalars: data('acceptScalars'),
      xNewModel: pre ? data('xNewModel') : xNew,
      gNewModel: pre ? data('gNewModel') : gNew,
    };
    return { direction, trial, accept };
  }

  /** Moves to x + t·dir with the accepted trial's residual; see acceptGraph. */
  async accept(
    bound: BoundDesign,
    GT: Tensor,
    step: { x: Float64Array; dir: Float64Array; t: number; gOld: Float64Array; l2mask: Float64Array },
    R: Float64Array,
    rows: number,
    pre?: { map: BoundPreconditioner; xModel: Float64Array; dirModel: Float64Array },
  ): Promise<AcceptOutput> {
    this.dataPasses++;
    const p = this.size;
    const session = pre ? (await this.preconditioned()).accept : this.sessions.accept;
    const out = await run(session, {
      ...(pre ? { ...pre.map.forward, xModel: f64(pre.xModel, [p]), dirModel: f64(pre.dirModel, [p]) } : {}),
      X: bound.X,
      GT,
      x: f64(step.x, [p]),
      dir: f64(step.dir, [p]),
      t: f64(new Float64Array([step.t]), [1]),
      gOld: f64(step.gOld, [p]),
      l2mask: f64(step.l2mask, [p]),
      wmask: f64(this.wmask, [p]),
      R: f64(R, [rows, p]),
    });
    const data = (name: string) => out[name]!.data as Float64Array;
    const [xNew, gNew] = [data('xNew'), data('gNew')];
    return {
      s: data('s'),
      xNew,
      gNew,
      y: data('y'),
      rowDots: data('rowDots'),
      scalars: data('scalars'),
      xNewModel: pre ? data('xNewModel') : xNew,
      gNewModel: pre ? data('gNewModel') : gNew,
    };
  }

  /** ‖W‖² of a parameter vector (the intercepts excluded). */
  weightNorm2(x: Float64Array): number {
    let s = 0;
    const nw = this.d * this.k;
    for (let i = 0; i < nw; i++) s += x[i]! * x[i]!;
    return s;
  }

  /** f and ∇f for one L2 strength, evaluated in full (two passes over X) at every call. */
  objective(bound: BoundDesign, l2: number): Objective {
    const mask = this.l2mask(l2);
    return async (params, grad) => {
      const ZT = await this.logitsT(bound, params);
      const r = await this.trial(bound, ZT, bound.zerosT, 0);
      grad.set((await this.gradient(bound, r.GT, params, mask)).g);
      return r.loss + 0.5 * l2 * this.weightNorm2(params);
    };
  }

  /** Decision values XW + b, n × k row-major. */
  async decision(x: Float32Array, n: number, params: Float64Array): Promise<Float32Array> {
    const out = await run(this.sessions.decision, { X: f32(x, [n, this.d]), x: f64(params, [params.length]) });
    return out.Z!.data as Float32Array;
  }

  async release(): Promise<void> {
    const pre = this.preconditionedSessions ? Object.values(await this.preconditionedSessions) : [];
    await Promise.all([...Object.values(this.sessions), ...pre].map((s) => s.release()));
  }
}

async function sessionsOf<Name extends string>(
  graphs: Record<Name, Uint8Array>,
  threads: number,
): Promise<Record<Name, Session>> {
  const opts = { intraOpThreads: threads, allowSpinning: false, memoryArena: false };
  const entries = await Promise.all(
    Object.entries<Uint8Array>(graphs).map(async ([name, g]) => [name, await createSession(g, opts)] as const),
  );
  return Object.fromEntries(entries) as Record<Name, Session>;
}

/** The class of each one-hot row [1, n], int64. */
function classIndices(oneHot: Float32Array, n: number, k: number): Tensor {
  const y = new BigInt64Array(n);
  for (let i = 0; i < n; i++) y[i] = BigInt(oneHot.subarray(i * k, (i + 1) * k).indexOf(1));
  return new OrtTensor('int64', y, [1, n]);
}

/** n × k 0/1 labels as k × n float64. */
function transposed(targets: Float32Array, n: number, k: number): Tensor {
  const yt = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) yt[c * n + i] = targets[i * k + c]!;
  return f64(yt, [k, n]);
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
