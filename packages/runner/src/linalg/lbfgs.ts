/**
 * Limited-memory BFGS for smooth unconstrained problems, in float64. The objective may be
 * expensive (the probes evaluate it through onnxruntime), so it is async and writes its
 * gradient into a caller-owned buffer. Defaults and stopping rules follow SciPy's L-BFGS-B as
 * scikit-learn calls it (m = 10, gtol on the largest gradient component, SciPy's default
 * relative-reduction test, 20 line-search steps, first trial step 1/‖d‖), so that an iteration
 * budget such as the paper's `max_iter = 100` means the same thing here.
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

const DEFAULTS: Required<LbfgsOptions> = {
  maxIter: 100,
  m: 10,
  gtol: 1e-4,
  ftol: 2.220446049250313e-9,
  maxLineSearch: 20,
  c1: 1e-3,
  c2: 0.9,
};

export async function minimizeLbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions = {}): Promise<LbfgsResult> {
  const o = { ...DEFAULTS, ...options };
  const n = x0.length;
  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let f = await objective(x, g);
  let evaluations = 1;
  assertFinite(f, 'initial point');
  const history = new History(o.m);
  const d = new Float64Array(n);
  let iterations = 0;
  if (maxAbs(g) <= o.gtol) return { x, f, grad: g, iterations, evaluations, reason: 'gtol' };

  while (iterations < o.maxIter) {
    history.direction(g, d);
    let gtd = dot(g, d);
    if (!(gtd < 0)) {
      // The quasi-Newton model went bad (rounding); restart from steepest descent.
      history.clear();
      for (let i = 0; i < n; i++) d[i] = -g[i]!;
      gtd = dot(g, d);
    }
    const t0 = history.size === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
    const ls = await strongWolfe(objective, x, f, g, d, gtd, t0, o);
    evaluations += ls.evaluations;
    if (!(ls.f < f)) return { x, f, grad: g, iterations, evaluations, reason: 'line-search' };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = ls.x[i]! - x[i]!;
      y[i] = ls.g[i]! - g[i]!;
    }
    history.push(s, y);
    const fPrev = f;
    x = ls.x;
    g = ls.g;
    f = ls.f;
    iterations++;
    if (maxAbs(g) <= o.gtol) return { x, f, grad: g, iterations, evaluations, reason: 'gtol' };
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= o.ftol) {
      return { x, f, grad: g, iterations, evaluations, reason: 'ftol' };
    }
  }
  return { x, f, grad: g, iterations, evaluations, reason: 'max-iter' };
}

class History {
  private s: Float64Array[] = [];
  private y: Float64Array[] = [];
  private rho: number[] = [];
  constructor(private readonly m: number) {}

  get size(): number {
    return this.s.length;
  }

  clear(): void {
    this.s = [];
    this.y = [];
    this.rho = [];
  }

  push(s: Float64Array, y: Float64Array): void {
    const sy = dot(s, y);
    // Skip pairs without positive curvature, as L-BFGS-B does, to keep H positive definite.
    if (!(sy > 2.2e-16 * dot(y, y))) return;
    if (this.s.length === this.m) {
      this.s.shift();
      this.y.shift();
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
  g: Float64Array;
  gtd: number;
  x: Float64Array;
}

/** Strong-Wolfe line search by bracketing and cubic interpolation (Nocedal & Wright, alg. 3.5/3.6). */
async function strongWolfe(
  objective: Objective,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  d: Float64Array,
  gtd0: number,
  t0: number,
  o: Required<LbfgsOptions>,
): Promise<{ x: Float64Array; f: number; g: Float64Array; evaluations: number }> {
  let evaluations = 0;
  const dMax = maxAbs(d);
  const at = async (t: number): Promise<Point> => {
    const xt = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) xt[i] = x[i]! + t * d[i]!;
    const gt = new Float64Array(x.length);
    const ft = await objective(xt, gt);
    evaluations++;
    return { t, f: Number.isFinite(ft) ? ft : Infinity, g: gt, gtd: dot(gt, d), x: xt };
  };
  const start: Point = { t: 0, f: f0, g: g0, gtd: gtd0, x };
  const armijo = (p: Point) => p.f <= f0 + o.c1 * p.t * gtd0;
  const curvature = (p: Point) => Math.abs(p.gtd) <= -o.c2 * gtd0;
  const result = (p: Point) => ({ x: p.x, f: p.f, g: p.g, evaluations });

  let prev = start;
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

function assertFinite(f: number, where: string): void {
  if (!Number.isFinite(f)) throw new Error(`L-BFGS: objective is not finite at the ${where} (${f})`);
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
