/**
 * The line search of SciPy's L-BFGS-B, which scikit-learn's lbfgs solver (so the paper's linear
 * protocol) runs: Moré & Thuente's dcsrch/dcstep from MINPACK-2, with L-BFGS-B's constants
 * (ftol = 1e-3, gtol = 0.9, xtol = 0.1, stpmin = 0) and its budget of 20 evaluations. Ported
 * statement by statement, so that on the same values it proposes the same trial steps (a test
 * checks this against SciPy's own dcsrch): the probe's iterates, capped at 100 iterations per
 * grid point, then follow scikit-learn's as closely as float arithmetic allows.
 */

const FTOL = 1e-3;
const GTOL = 0.9;
const XTOL = 0.1;
const XTRAPL = 1.1;
const XTRAPU = 4.0;
const P5 = 0.5;
const P66 = 0.66;

export type SearchTask = 'FG' | 'CONVERGENCE' | 'WARNING';

/** dcsrch's saved state between calls. */
export interface SearchState {
  brackt: boolean;
  stage: 1 | 2;
  finit: number;
  ginit: number;
  gtest: number;
  width: number;
  width1: number;
  stx: number;
  fx: number;
  gx: number;
  sty: number;
  fy: number;
  gy: number;
  stmin: number;
  stmax: number;
  stpmin: number;
  stpmax: number;
}

/** dcsrch with task = 'START': the state for a search from f(0) = f, φ'(0) = g < 0 at first step stp. */
export function startSearch(f: number, g: number, stp: number, stpmin: number, stpmax: number): SearchState {
  return {
    brackt: false,
    stage: 1,
    finit: f,
    ginit: g,
    gtest: FTOL * g,
    width: stpmax - stpmin,
    width1: (stpmax - stpmin) / P5,
    stx: 0,
    fx: f,
    gx: g,
    sty: 0,
    fy: f,
    gy: g,
    stmin: 0,
    stmax: stp + XTRAPU * stp,
    stpmin,
    stpmax,
  };
}

/** One dcsrch call after evaluating φ(stp) = f, φ'(stp) = g: the next step, or why to stop. */
export function continueSearch(
  s: SearchState,
  stp: number,
  f: number,
  g: number,
): { task: SearchTask; stp: number; reason?: string } {
  const ftest = s.finit + stp * s.gtest;
  if (s.stage === 1 && f <= ftest && g >= 0) s.stage = 2;
  let warning: string | undefined;
  if (s.brackt && (stp <= s.stmin || stp >= s.stmax)) warning = 'rounding errors prevent progress';
  if (s.brackt && s.stmax - s.stmin <= XTOL * s.stmax) warning = 'xtol test satisfied';
  if (stp === s.stpmax && f <= ftest && g <= s.gtest) warning = 'stp = stpmax';
  if (stp === s.stpmin && (f > ftest || g >= s.gtest)) warning = 'stp = stpmin';
  if (f <= ftest && Math.abs(g) <= GTOL * -s.ginit) return { task: 'CONVERGENCE', stp };
  if (warning) return { task: 'WARNING', stp, reason: warning };

  // In the first stage, while no step has sufficient decrease and non-negative slope, step on
  // the modified function ψ(t) = φ(t) − φ(0) − ftol·t·φ'(0).
  if (s.stage === 1 && f <= s.fx && f > ftest) {
    const m = {
      stx: s.stx,
      fx: s.fx - s.stx * s.gtest,
      dx: s.gx - s.gtest,
      sty: s.sty,
      fy: s.fy - s.sty * s.gtest,
      dy: s.gy - s.gtest,
      stp,
      fp: f - stp * s.gtest,
      dp: g - s.gtest,
      brackt: s.brackt,
    };
    dcstep(m, s.stmin, s.stmax);
    Object.assign(s, {
      stx: m.stx,
      sty: m.sty,
      brackt: m.brackt,
      fx: m.fx + m.stx * s.gtest,
      fy: m.fy + m.sty * s.gtest,
      gx: m.dx + s.gtest,
      gy: m.dy + s.gtest,
    });
    stp = m.stp;
  } else {
    const m = { stx: s.stx, fx: s.fx, dx: s.gx, sty: s.sty, fy: s.fy, dy: s.gy, stp, fp: f, dp: g, brackt: s.brackt };
    dcstep(m, s.stmin, s.stmax);
    Object.assign(s, { stx: m.stx, fx: m.fx, gx: m.dx, sty: m.sty, fy: m.fy, gy: m.dy, brackt: m.brackt });
    stp = m.stp;
  }

  // Bisect when the interval does not shrink fast enough.
  if (s.brackt) {
    if (Math.abs(s.sty - s.stx) >= P66 * s.width1) stp = s.stx + P5 * (s.sty - s.stx);
    s.width1 = s.width;
    s.width = Math.abs(s.sty - s.stx);
  }
  if (s.brackt) {
    s.stmin = Math.min(s.stx, s.sty);
    s.stmax = Math.max(s.stx, s.sty);
  } else {
    s.stmin = stp + XTRAPL * (stp - s.stx);
    s.stmax = stp + XTRAPU * (stp - s.stx);
  }
  stp = Math.min(Math.max(stp, s.stpmin), s.stpmax);
  // No further progress possible: try the best step found.
  if ((s.brackt && (stp <= s.stmin || stp >= s.stmax)) || (s.brackt && s.stmax - s.stmin <= XTOL * s.stmax))
    stp = s.stx;
  return { task: 'FG', stp };
}

interface StepState {
  stx: number;
  fx: number;
  dx: number;
  sty: number;
  fy: number;
  dy: number;
  stp: number;
  fp: number;
  dp: number;
  brackt: boolean;
}

/** MINPACK-2 dcstep: a safeguarded step from cubic and quadratic models, updating the interval. */
function dcstep(v: StepState, stpmin: number, stpmax: number): void {
  const { stx, fx, dx, sty, fy, dy, stp, fp, dp } = v;
  const sgnd = dp * (dx / Math.abs(dx));
  let stpf: number;
  if (fp > fx) {
    // Higher function value: the minimum is bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp < stx) gamma = -gamma;
    const p = gamma - dx + theta;
    const q = gamma - dx + gamma + dp;
    const r = p / q;
    const stpc = stx + r * (stp - stx);
    const stpq = stx + (dx / ((fx - fp) / (stp - stx) + dx) / 2) * (stp - stx);
    stpf = Math.abs(stpc - stx) < Math.abs(stpq - stx) ? stpc : stpc + (stpq - stpc) / 2;
    v.brackt = true;
  } else if (sgnd < 0) {
    // Lower value, slopes of opposite sign: bracketed.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dx / s) * (dp / s));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dx;
    const r = p / q;
    const stpc = stp + r * (stx - stp);
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
    v.brackt = true;
  } else if (Math.abs(dp) < Math.abs(dx)) {
    // Lower value, same slope sign, slope magnitude decreasing.
    const theta = (3 * (fx - fp)) / (stp - stx) + dx + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dx), Math.abs(dp));
    let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (dx / s) * (dp / s)));
    if (stp > stx) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma + (dx - dp) + gamma;
    const r = p / q;
    let stpc: number;
    if (r < 0 && gamma !== 0) stpc = stp + r * (stx - stp);
    else if (stp > stx) stpc = stpmax;
    else stpc = stpmin;
    const stpq = stp + (dp / (dp - dx)) * (stx - stp);
    if (v.brackt) {
      stpf = Math.abs(stpc - stp) < Math.abs(stpq - stp) ? stpc : stpq;
      stpf = stp > stx ? Math.min(stp + P66 * (sty - stp), stpf) : Math.max(stp + P66 * (sty - stp), stpf);
    } else {
      stpf = Math.abs(stpc - stp) > Math.abs(stpq - stp) ? stpc : stpq;
      stpf = Math.max(stpmin, Math.min(stpmax, stpf));
    }
  } else if (v.brackt) {
    // Lower value, same slope sign, slope not decreasing, bracketed: cubic on the far end.
    const theta = (3 * (fp - fy)) / (sty - stp) + dy + dp;
    const s = Math.max(Math.abs(theta), Math.abs(dy), Math.abs(dp));
    let gamma = s * Math.sqrt((theta / s) ** 2 - (dy / s) * (dp / s));
    if (stp > sty) gamma = -gamma;
    const p = gamma - dp + theta;
    const q = gamma - dp + gamma + dy;
    const r = p / q;
    stpf = stp + r * (sty - stp);
  } else {
    stpf = stp > stx ? stpmax : stpmin;
  }
  if (fp > fx) {
    v.sty = stp;
    v.fy = fp;
    v.dy = dp;
  } else {
    if (sgnd < 0) {
      v.sty = stx;
      v.fy = fx;
      v.dy = dx;
    }
    v.stx = stp;
    v.fx = fp;
    v.dx = dp;
  }
  v.stp = stpf;
}

/** L-BFGS-B's evaluation budget per line search (lbfgsb.f: iback ≥ 20 fails). */
const MAX_LINE_SEARCH = 20;
/** lbfgsb.f's `big`: the largest step of an unconstrained search. */
const STPMAX = 1e10;

export type LineSearchResult =
  | { ok: true; t: number; f: number; evaluations: number; warning?: string }
  | { ok: false; evaluations: number };

/**
 * L-BFGS-B's lnsrlb for an unconstrained problem: search φ from φ(0) = f0, φ'(0) = g0 < 0,
 * first trial t0. Ends on convergence or a dcsrch warning (accepting the last step evaluated,
 * as lnsrlb does), or fails after MAX_LINE_SEARCH evaluations.
 */
export async function lbfgsbLineSearch(
  phi: (t: number) => Promise<{ f: number; gtd: number }>,
  f0: number,
  g0: number,
  t0: number,
): Promise<LineSearchResult> {
  let t = Math.min(t0, STPMAX);
  const state = startSearch(f0, g0, t, 0, STPMAX);
  for (let evaluations = 1; evaluations <= MAX_LINE_SEARCH; evaluations++) {
    const { f, gtd } = await phi(t);
    if (!Number.isFinite(f) || !Number.isFinite(gtd)) {
      // Overflow far along the line: halve the step towards the best point (MINPACK has no such case).
      t = state.stx + 0.5 * (t - state.stx);
      continue;
    }
    const next = continueSearch(state, t, f, gtd);
    if (next.task !== 'FG') return { ok: true, t, f, evaluations, ...(next.reason ? { warning: next.reason } : {}) };
    t = next.stp;
  }
  return { ok: false, evaluations: MAX_LINE_SEARCH };
}
