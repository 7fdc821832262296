import { GramHistory } from './gram-history';
import { dot, LBFGS_DEFAULTS, maxAbs, type LbfgsOptions, type LbfgsResult } from './lbfgs';
import { lbfgsbLineSearch } from './line-search';
import { ACCEPT } from './logistic-graphs';
import type { BoundDesign, BoundPreconditioner, LogisticEngine, TrialOutput } from './logistic-objective';

/**
 * L-BFGS on the logistic objective, the same algorithm and stopping rules as `minimizeLbfgs`
 * (SciPy's L-BFGS-B as scikit-learn calls it), arranged so that an iteration is:
 *   direction: d from the memory and X·d     (one pass over X, one over the memory)
 *   line search: trials on logits Z + t·X·d   (no pass over X)
 *   accept: gradient Xᵀ·G and the memory's dot products with the new vectors
 *                                              (one pass over X, one over the memory)
 * all in onnxruntime. The memory is a GramHistory, so JavaScript only does O(m²) scalar work.
 * From the second iteration on, the first trial's step (1) is known before the direction, so one
 * run (LogisticEngine.iterate) computes the direction, that trial and, speculatively, its accept;
 * the line search accepts the first trial in about nine iterations of ten, and only the others
 * run the trial and accept graphs separately. The arithmetic is the same either way.
 *
 * With a `preconditioner`, the iterations run in its variables u (x = M·u, preconditioner.ts):
 * the same objective and minimiser, the same stopping tests on the model's gradient, fewer
 * iterations where the problem is ill-conditioned. `x0` and the result are the model's.
 */
export async function minimizeLogistic(
  engine: LogisticEngine,
  bound: BoundDesign,
  l2: number,
  x0: Float64Array,
  options: LbfgsOptions & { preconditioner?: BoundPreconditioner } = {},
): Promise<LbfgsResult> {
  const o = { ...LBFGS_DEFAULTS, ...options };
  const pre = options.preconditioner;
  const l2mask = engine.l2mask(l2);
  let xModel: Float64Array = Float64Array.from(x0);
  let ZT = await engine.logitsT(bound, xModel);
  const first = await engine.trial(bound, ZT, bound.zerosT, 0);
  let ww = engine.weightNorm2(xModel);
  let f = first.loss + 0.5 * l2 * ww;
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new Error(`L-BFGS: objective is not finite at the initial point (${f})`);
  let { g, gModel } = await engine.gradient(bound, first.GT, xModel, l2mask, pre);
  let iterations = 0;
  const result = (reason: LbfgsResult['reason']): LbfgsResult => ({
    x: xModel,
    f,
    grad: gModel,
    iterations,
    evaluations,
    reason,
  });
  if (maxAbs(gModel) <= o.gtol) return result('gtol');
  let x = pre ? await engine.toPreconditioned(xModel, pre) : xModel;
  const history = new GramHistory(o.m, engine.size);
  history.start(g, dot(g, g));

  while (iterations < o.maxIter) {
    const dirPre = pre && { map: pre, xModel };
    // After the first iteration the first trial step is 1, known before the direction: one run
    // computes the direction, that trial and (speculatively) its acceptance (iterationGraph).
    const fused =
      iterations > 0
        ? await engine.iterate(bound, history.direction(), history.basis, { x, g, ZT, t: 1, l2mask }, dirPre)
        : undefined;
    let dir = fused?.direction ?? (await engine.direction(bound, history.direction(), history.basis, x, g, dirPre));
    let first = fused;
    if (!(dir.gtd < 0)) {
      // The quasi-Newton model went bad (rounding); restart from steepest descent.
      history.clear();
      dir = await engine.direction(bound, history.direction(), history.basis, x, g, dirPre);
      first = undefined;
    }
    const t0 = iterations === 0 ? 1 / Math.sqrt(dir.dd) : 1; // L-BFGS-B's, as in lbfgs.ts
    // The line search accepts the step it evaluated last, and trials reuse their output buffers
    // (kn-buffers.ts): keep the last one only.
    let last: TrialOutput | undefined;
    const phi = async (t: number) => {
      // The fused run's trial is the line search's first (at t0 = 1).
      const trial = first && last === undefined && t === t0 ? first.trial : await engine.trial(bound, ZT, dir.XDT, t);
      last = trial;
      return {
        f: trial.loss + 0.5 * l2 * (ww + 2 * t * dir.xdW + t * t * dir.ddW),
        gtd: trial.slope + l2 * (dir.xdW + t * dir.ddW),
      };
    };
    const ls = await lbfgsbLineSearch(phi, f, dir.gtd, t0);
    evaluations += ls.evaluations;
    if (!ls.ok) {
      // L-BFGS-B: stay at x; with no memory to drop, give up, else restart from steepest descent.
      if (history.size === 0) return result('line-search');
      history.clear();
      continue;
    }
    const chosen = last!;
    const acceptPre = pre && { map: pre, xModel, dirModel: dir.dirModel };
    const step =
      first && chosen === first.trial
        ? first.accept
        : await engine.accept(
            bound,
            chosen.GT,
            { x, dir: dir.dir, t: ls.t, gOld: g, l2mask },
            history.basis,
            history.rows,
            acceptPre,
          );
    const s = step.scalars;
    history.push(step.s, step.y, step.gNew, {
      t: ls.t,
      gtdOld: dir.gtd,
      withRows: step.rowDots,
      dd: s[ACCEPT.dd]!,
      dg: s[ACCEPT.dg]!,
      dy: s[ACCEPT.dy]!,
      gg: s[ACCEPT.gg]!,
      yy: s[ACCEPT.yy]!,
      gy: s[ACCEPT.gy]!,
    });
    const fPrev = f;
    x = step.xNew;
    g = step.gNew;
    xModel = step.xNewModel;
    gModel = step.gNewModel;
    ZT = chosen.ZT;
    ww = s[ACCEPT.wwNew]!;
    f = ls.f;
    iterations++;
    if (s[ACCEPT.gMax]! <= o.gtol) return result('gtol');
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= o.ftol) return result('ftol');
  }
  return result('max-iter');
}
