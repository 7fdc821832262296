import { lbfgsbLineSearch } from './line-search';

/**
 * Limited-memory BFGS for smooth unconstrained problems, in float64. The objective may be
 * expensive (the probes evaluate it through onnxruntime), so it is async and writes its
 * gradient into a caller-owned buffer. Defaults and stopping rules follow SciPy's L-BFGS-B as
 * scikit-learn calls it (m = 10, gtol on the largest gradient component, SciPy's default
 * relative-reduction test, its line search (line-search.ts), first trial step 1/‖d‖), so that an iteration
 * budget such as the paper's `max_iter = 100` means the same thing here.
 *
 * This is the plain form, on explicit vectors and a value-and-gradient objective: the reference
 * the linear probe's solver (logistic-lbfgs.ts, the same algorithm with its vector work moved
 * into onnxruntime) is tested against, and the source of the defaults they share.
 */

/** Writes ∇f(x) into `grad` and returns f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => Promise<number>;

export interface LbfgsOptions {
  maxIter?: number;
  /** History size. */
  m?: number;
  /** Stop when max_i |g_i| <= gtol (SciPy's pgtol; scikit-learn passes its `tol`). */
  gtol?: number;
  /** Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (SciPy's default factr·eps). */
  ftol?: number;
}

export type StopReason = 'gtol' | 'ftol' | 'max-iter' | 'line-search';

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  grad: Float64Array;
  iterations: number;
  evaluations: number;
  reason: StopReason;
}

export const LBFGS_DEFAULTS: Required<LbfgsOptions> = {
  maxIter: 100,
  m: 10,
  gtol: 1e-4,
  ftol: 2.220446049250313e-9,
};

export async function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): Promise<LbfgsResult> {
  const o = { ...LBFGS_DEFAULTS, ...options };
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = await objective(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new Error(`L-BFGS: objective is not finite at the initial point (${f})`);
  const history = new History(o.m, n);
  let iterations = 0;
  if (maxAbs(g) <= o.gtol) return { x, f, grad: g, iterations, evaluations, reason: 'gtol' };

  // Buffers reused across iterations: with 10⁵–10⁶ parameters, fresh arrays per iteration
  // cost more in allocation and GC than the O(n) loops themselves.
  const d = new Float64Array(n);
  let gNew: Float64Array = new Float64Array(n);
  let xNew: Float64Array = new Float64Array(n);
  while (iterations < o.maxIter) {
    history.direction(g, d);
    let gtd = dot(g, d);
    if (!(gtd < 0)) {
      // The quasi-Newton model went bad (rounding); restart from steepest descent.
      history.clear();
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      gtd = dot(g, d);
    }
    // Each trial evaluates f and ∇f at x + t·d in full; the accepted trial's gradient is kept.
    const grads = new Map<number, Float64Array>();
    const phi = async (t: number) => {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + t * d[i]!;
      const gt = new Float64Array(n);
      const ft = await objective(xNew, gt);
      grads.set(t, gt);
      return { f: ft, gtd: dot(gt, d) };
    };
    // L-BFGS-B's first trial step: unit length on a fit's first iteration (so a warm start's
    // small gradient still moves a sensible distance), then the quasi-Newton step 1.
    const t0 = iterations === 0 ? 1 / Math.sqrt(dot(d, d)) : 1;
    const ls = await lbfgsbLineSearch(phi, f, gtd, t0);
    evaluations += ls.evaluations;
    if (!ls.ok) {
      // L-BFGS-B: stay at x; with no memory to drop, give up, else restart from steepest descent.
      if (history.size === 0) return { x, f, grad: g, iterations, evaluations, reason: 'line-search' };
      history.clear();
      continue;
    }
    gNew.set(grads.get(ls.t)!);
    const { s, y } = history.slot();
    for (let i = 0; i < n; i++) {
      const si = ls.t * d[i]!;
      s[i] = si;
      xNew[i] = x[i]! + si;
      y[i] = gNew[i]! - g[i]!;
    }
    history.commit(-ls.t * gtd);
    const fPrev = f;
    [x, xNew] = [xNew, x];
    [g, gNew] = [gNew, g];
    f = ls.f;
    iterations++;
    if (maxAbs(g) <= o.gtol) return { x: Float64Array.from(x), f, grad: g, iterations, evaluations, reason: 'gtol' };
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= o.ftol) {
      return { x: Float64Array.from(x), f, grad: g, iterations, evaluations, reason: 'ftol' };
    }
  }
  return { x: Float64Array.from(x), f, grad: g, iterations, evaluations, reason: 'max-iter' };
}

class History {
  private s: Float64Array[] = [];
  private y: Float64Array[] = [];
  private rho: number[] = [];
  /** Retired pairs' buffers, reused for new pairs. */
  private spare: { s: Float64Array; y: Float64Array }[] = [];
  private pending: { s: Float64Array; y: Float64Array } | null = null;
  constructor(
    private readonly m: number,
    private readonly n: number,
  ) {}

  get size(): number {
    return this.s.length;
  }

  clear(): void {
    for (let j = 0; j < this.s.length; j++) this.spare.push({ s: this.s[j]!, y: this.y[j]! });
    this.s = [];
    this.y = [];
    this.rho = [];
  }

  /** Buffers for the next (s, y) pair; `commit` adds it. */
  slot(): { s: Float64Array; y: Float64Array } {
    this.pending = this.spare.pop() ?? { s: new Float64Array(this.n), y: new Float64Array(this.n) };
    return this.pending;
  }

  /** `descent` = −tᵀ·gᵀd, the step's predicted decrease, for L-BFGS-B's skipping rule. */
  commit(descent: number): void {
    const { s, y } = this.pending!;
    this.pending = null;
    const sy = dot(s, y);
    // Skip pairs without positive curvature, as L-BFGS-B does, to keep H positive definite.
    if (!(sy > 2.220446049250313e-16 * descent)) {
      this.spare.push({ s, y });
      return;
    }
    if (this.s.length === this.m) {
      this.spare.push({ s: this.s.shift()!, y: this.y.shift()! });
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
  }

  /** d = -H g by the two-loop recursion. */
  direction(g: Float64Array, d: Float64Array): void {
    const k = this.s.length;
    for (let i = 0; i < g.length; i++) d[i] = -g[i]!;
    if (k === 0) return;
    const alpha = new Array<number>(k);
    for (let j = k - 1; j >= 0; j--) {
      const a = this.rho[j]! * dot(this.s[j]!, d);
      alpha[j] = a;
      axpy(-a, this.y[j]!, d);
    }
    const yl = this.y[k - 1]!;
    scale(d, 1 / (this.rho[k - 1]! * dot(yl, yl)));
    for (let j = 0; j < k; j++) {
      const b = this.rho[j]! * dot(this.y[j]!, d);
      axpy(alpha[j]! - b, this.s[j]!, d);
    }
  }
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] = y[i]! + alpha * x[i]!;
}

function scale(x: Float64Array, alpha: number): void {
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * alpha;
}

export function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]!);
    if (v > m) m = v;
  }
  return m;
}
