/**
 * Limited-memory BFGS for smooth unconstrained problems, in float64. The objective may be
 * expensive (the probes evaluate it through onnxruntime), so it is async and writes its
 * gradient into a caller-owned buffer. Defaults and stopping rules follow SciPy's L-BFGS-B as
 * scikit-learn calls it (m = 10, gtol on the largest gradient component, SciPy's default
 * relative-reduction test, 20 line-search steps, first trial step 1/‖d‖), so that an iteration
 * budget such as the paper's `max_iter = 100` means the same thing here.
 *
 * This is the general solver (plain value-and-gradient objectives). The linear probe's solver,
 * logistic-lbfgs.ts, runs the same algorithm with its vector work moved into onnxruntime and
 * shares the line search and the defaults from here.
 */

/** Writes ∇f(x) into `grad` and returns f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => Promise<number>;

/** The line search's view of a problem: f and the slope along d at x + t·d. */
interface LineSearchProblem {
  start(x0: Float64Array, grad: Float64Array): Promise<number>;
  setDirection(x: Float64Array, d: Float64Array): Promise<void>;
  trial(t: number): Promise<{ f: number; gtd: number }>;
  /** Moves to x + t·d (t was tried in this line search); writes the gradient there into grad. */
  accept(t: number, grad: Float64Array): Promise<void>;
}

/** Adapts a plain value-and-gradient objective (every trial evaluates f and ∇f in full). */
function fromObjective(objective: Objective): LineSearchProblem {
  let x: Float64Array = new Float64Array(0);
  let d: Float64Array = new Float64Array(0);
  const grads = new Map<number, Float64Array>();
  return {
    start: (x0, grad) => objective(x0, grad),
    async setDirection(xc, dc) {
      x = xc;
      d = dc;
      grads.clear();
    },
    async trial(t) {
      const xt = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) xt[i] = x[i]! + t * d[i]!;
      const g = new Float64Array(x.length);
      const f = await objective(xt, g);
      grads.set(t, g);
      return { f, gtd: dot(g, d) };
    },
    async accept(t, grad) {
      grad.set(grads.get(t)!);
      grads.clear();
    },
  };
}

export interface LbfgsOptions {
  maxIter?: number;
  /** History size. */
  m?: number;
  /** Stop when max_i |g_i| <= gtol (SciPy's pgtol; scikit-learn passes its `tol`). */
  gtol?: number;
  /** Stop when (f_k - f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol (SciPy's default factr·eps). */
  ftol?: number;
  maxLineSearch?: number;
  /** Sufficient-decrease and curvature constants of the strong Wolfe conditions (SciPy's dcsrch). */
  c1?: number;
  c2?: number;
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
  maxLineSearch: 20,
  c1: 1e-3,
  c2: 0.9,
};

export async function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): Promise<LbfgsResult> {
  const p = fromObjective(objective);
  const o = { ...LBFGS_DEFAULTS, ...options };
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = await p.start(x, g);
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
    await p.setDirection(x, d);
    const t0 = history.size === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
    const ls = await strongWolfe((t) => p.trial(t), f, gtd, t0, maxAbs(d), o);
    evaluations += ls.evaluations;
    if (!(ls.f < f)) return { x, f, grad: g, iterations, evaluations, reason: 'line-search' };
    await p.accept(ls.t, gNew);
    const { s, y } = history.slot();
    for (let i = 0; i < n; i++) {
      const si = ls.t * d[i]!;
      s[i] = si;
      xNew[i] = x[i]! + si;
      y[i] = gNew[i]! - g[i]!;
    }
    history.commit();
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

  commit(): void {
    const { s, y } = this.pending!;
    this.pending = null;
    const sy = dot(s, y);
    // Skip pairs without positive curvature, as L-BFGS-B does, to keep H positive definite.
    if (!(sy > 2.2e-16 * dot(y, y))) {
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

interface Point {
  t: number;
  f: number;
  gtd: number;
}

/** Strong-Wolfe line search on φ(t) = f(x + t·d) by bracketing and cubic interpolation
 * (Nocedal & Wright, algorithms 3.5 and 3.6). Returns the best Armijo point found. */
export async function strongWolfe(
  phi: (t: number) => Promise<{ f: number; gtd: number }>,
  f0: number,
  gtd0: number,
  t0: number,
  dMax: number,
  o: Required<LbfgsOptions>,
): Promise<{ t: number; f: number; evaluations: number }> {
  let evaluations = 0;
  const at = async (t: number): Promise<Point> => {
    const r = await phi(t);
    evaluations++;
    return { t, f: Number.isFinite(r.f) ? r.f : Infinity, gtd: r.gtd };
  };
  const armijo = (p: Point) => p.f <= f0 + o.c1 * p.t * gtd0;
  const curvature = (p: Point) => Math.abs(p.gtd) <= -o.c2 * gtd0;
  const result = (p: Point) => ({ t: p.t, f: p.f, evaluations });

  let prev: Point = { t: 0, f: f0, gtd: gtd0 };
  let cur = await at(t0);
  let lo: Point;
  let hi: Point;
  // Bracketing phase: grow the step until the interval surely holds an acceptable point.
  for (;;) {
    if (!armijo(cur) || (evaluations > 1 && cur.f >= prev.f)) {
      lo = prev;
      hi = cur;
      break;
    }
    if (curvature(cur)) return result(cur);
    if (cur.gtd >= 0) {
      lo = cur;
      hi = prev;
      break;
    }
    if (evaluations >= o.maxLineSearch) return result(cur);
    const next = cubicMin(prev, cur, cur.t + 0.01 * (cur.t - prev.t), cur.t * 10);
    prev = cur;
    cur = await at(next);
  }
  // Zoom phase: shrink [lo, hi] keeping lo the best Armijo point seen.
  let insufficientProgress = false;
  while (evaluations < o.maxLineSearch) {
    const a = Math.min(lo.t, hi.t);
    const b = Math.max(lo.t, hi.t);
    if ((b - a) * dMax < 1e-12) break;
    let t = cubicMin(lo, hi, a, b);
    const eps = 0.1 * (b - a);
    if (Math.min(b - t, t - a) < eps) {
      // Too close to an end: move inward, as the interval would otherwise shrink too slowly.
      if (insufficientProgress || t >= b || t <= a) {
        t = Math.abs(t - b) < Math.abs(t - a) ? b - eps : a + eps;
        insufficientProgress = false;
      } else insufficientProgress = true;
    } else insufficientProgress = false;
    const p = await at(t);
    if (!armijo(p) || p.f >= lo.f) {
      hi = p;
    } else {
      if (curvature(p)) return result(p);
      if (p.gtd * (hi.t - lo.t) >= 0) hi = lo;
      lo = p;
    }
  }
  return result(lo);
}

/** Minimiser of the cubic through two points with slopes, clamped to [lowB, highB]. */
function cubicMin(p1: Point, p2: Point, lowB: number, highB: number): number {
  const lo = Math.min(lowB, highB);
  const hi = Math.max(lowB, highB);
  const d1 = p1.gtd + p2.gtd - (3 * (p1.f - p2.f)) / (p1.t - p2.t);
  const d2sq = d1 * d1 - p1.gtd * p2.gtd;
  if (!(d2sq >= 0) || !Number.isFinite(p1.f) || !Number.isFinite(p2.f)) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2sq);
  const m =
    p1.t <= p2.t
      ? p2.t - (p2.t - p1.t) * ((p2.gtd + d2 - d1) / (p2.gtd - p1.gtd + 2 * d2))
      : p1.t - (p1.t - p2.t) * ((p1.gtd + d2 - d1) / (p1.gtd - p2.gtd + 2 * d2));
  return Number.isFinite(m) ? Math.min(Math.max(m, lo), hi) : (lo + hi) / 2;
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
