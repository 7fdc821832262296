import { numpyLegacyPermutation } from '../random/numpy-random';

/**
 * The paper's calibration figures, as linear.py computed them (ssl-transfer temperature_scaling.py,
 * `cross_validate_temp_scaling`, with netcal 1.1's `TemperatureScaling` and `ECE(15)`):
 *
 * - confidences are `F.softmax` of the classifier's decision function in float32;
 * - ECE: top-1 confidence clipped to [ε, 1 − ε] (ε = float64 machine epsilon), 15 bins with
 *   `np.linspace(0, 1, 16)` edges (`binned_statistic_dd`: right-open, the last bin closed),
 *   Σ_b |acc(B_b) − conf(B_b)|·|B_b|/N;
 * - temperature scaling: netcal fits a multiplier w of the inputs `log(clip(p, ε, 1 − ε))` (in
 *   float32) by minimising the mean NLL of softmax(w · input), the confidences clipped to
 *   [ε, 1 − ε] inside the log (scipy.optimize.minimize from w = 1); calibrated = softmax(w · input);
 * - cross-validation on test: indices shuffled by NumPy's legacy generator seeded 0, cut into k
 *   folds of ⌊n/k⌋ (`torch.split`, the remainder left out); per fold, w is fitted on the fold and
 *   ECE measured on the other k − 1; the figure is the mean over folds.
 *
 * The minimiser: scipy's BFGS stops at gtol 1e-5 on a finite-difference gradient; here the same
 * objective is minimised to 1e-10 in w from the same start, downhill (the clipped objective need
 * not be convex, so the minimum BFGS reaches from w = 1 is the one wanted). Figures are percent.
 */

const EPS = 2 ** -52;

/** torch.nn.functional.softmax(z.float(), dim=1): float32 arithmetic, times the reciprocal of the sum. */
export function softmaxFloat32(logits: ArrayLike<number>, n: number, k: number): Float32Array {
  const p = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, Math.fround(logits[i * k + j]!));
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.fround(Math.exp(Math.fround(Math.fround(logits[i * k + j]!) - m)));
      p[i * k + j] = e;
      sum = Math.fround(sum + e);
    }
    const inv = Math.fround(1 / sum);
    for (let j = 0; j < k; j++) p[i * k + j] = Math.fround(p[i * k + j]! * inv);
  }
  return p;
}

/** The bin edges np.linspace(0, 1, bins + 1) computes: i · (1/bins), the last exactly 1. */
function binEdges(bins: number): Float64Array {
  const step = 1 / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step;
  edges[bins] = 1;
  return edges;
}

/** np.digitize(x, edges) − 1, with x equal to the last edge put in the last bin (binned_statistic_dd). */
function binOf(x: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo - 1, edges.length - 2);
}

/** netcal's ECE of the top-1 confidence (first maximum on ties, as np.argmax), percent. */
export function netcalEce(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  rows: ArrayLike<number>,
  k: number,
  bins = 15,
): number {
  const edges = binEdges(bins);
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const n = rows.length;
  for (let r = 0; r < n; r++) {
    const i = rows[r]!;
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j]! > probs[i * k + best]!) best = j;
    const c = Math.min(Math.max(probs[i * k + best]!, EPS), 1 - EPS);
    const b = binOf(c, edges);
    count[b]! += 1;
    conf[b]! += c;
    if (best === labels[i]) hits[b]! += 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++)
    if (count[b]! > 0) ece += Math.abs(hits[b]! / count[b]! - conf[b]! / count[b]!) * (count[b]! / n);
  return 100 * ece;
}

/** netcal's inputs to temperature scaling: log of the float32 confidences clipped to [ε, 1 − ε], in float32. */
function inverseSoftmaxFloat32(probs: Float32Array): Float32Array {
  const u = new Float32Array(probs.length);
  const hi = Math.fround(1 - EPS);
  for (let i = 0; i < probs.length; i++) u[i] = Math.fround(Math.log(Math.min(Math.max(probs[i]!, EPS), hi)));
  return u;
}

/** Mean NLL of softmax(w · u) over `rows`, the confidences clipped to [ε, 1 − ε] before the log (netcal _nll_loss). */
function netcalNll(u: Float32Array, labels: ArrayLike<number>, rows: ArrayLike<number>, k: number, w: number): number {
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, u[i * k + j]! * w);
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(u[i * k + j]! * w - m);
    const q = Math.exp(u[i * k + labels[i]!]! * w - m) / z;
    total -= Math.log(Math.min(Math.max(q, EPS), 1 - EPS));
  }
  return total / rows.length;
}

/**
 * The multiplier w netcal's TemperatureScaling fits (T = 1/w): from w = 1 downhill to the nearest
 * minimum (step doubling to bracket it, then golden-section search to 1e-10).
 */
function fitNetcalTemperature(u: Float32Array, labels: ArrayLike<number>, rows: ArrayLike<number>, k: number): number {
  const f = (w: number) => netcalNll(u, labels, rows, k, w);
  const w0 = 1;
  const f0 = f(w0);
  let step = 1e-3;
  const dir = f(w0 + step) < f0 ? 1 : f(w0 - step) < f0 ? -1 : 0;
  if (dir === 0) return w0;
  // Bracket [a, c] around a minimum at b: grow the step until the objective rises.
  let a = w0;
  let b = w0 + dir * step;
  let fb = f(b);
  for (;;) {
    step *= 2;
    const c = b + dir * step;
    const fc = f(c);
    if (fc >= fb || step > 1e6) {
      [a, b] = dir > 0 ? [a, c] : [c, a];
      break;
    }
    a = b;
    b = c;
    fb = fc;
  }
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = b - g * (b - a);
  let x2 = a + g * (b - a);
  let f1 = f(x1);
  let f2 = f(x2);
  while (b - a > 1e-10 * Math.max(1, Math.abs(a))) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = b - g * (b - a);
      f1 = f(x1);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = a + g * (b - a);
      f2 = f(x2);
    }
  }
  return (a + b) / 2;
}

/** softmax(w · u) in float64 (scipy.special.softmax), the calibrated confidences. */
function scaledSoftmax(u: Float32Array, n: number, k: number, w: number): Float64Array {
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, u[i * k + j]! * w);
    let z = 0;
    for (let j = 0; j < k; j++) z += p[i * k + j] = Math.exp(u[i * k + j]! * w - m);
    for (let j = 0; j < k; j++) p[i * k + j] = p[i * k + j]! / z;
  }
  return p;
}

export interface PaperCalibration {
  /** ECE of the uncalibrated test confidences, percent. */
  ece: number;
  /** Mean over folds of the temperature-scaled ECE, percent. */
  eceTempScaled: number;
  /** Per fold: netcal's fitted multiplier w (T = 1/w) and the scaled ECE on the other folds. */
  folds: { weight: number; ece: number }[];
}

/**
 * `cross_validate_temp_scaling(model, test_loader, k=5, seed=0, n_bins=15)` on the test logits;
 * null when the test set is smaller than `folds` (torch.split would fail) or has fewer than 3
 * classes (netcal then treats it as binary, which this does not reproduce).
 */
export function paperCalibration(
  logits: ArrayLike<number>,
  labels: ArrayLike<number>,
  n: number,
  k: number,
  opts: { folds?: number; bins?: number; seed?: number } = {},
): PaperCalibration | null {
  const folds = opts.folds ?? 5;
  const bins = opts.bins ?? 15;
  const size = Math.floor(n / folds);
  if (size === 0 || k < 3) return null;
  const probs = softmaxFloat32(logits, n, k);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const ece = netcalEce(probs, labels, all, k, bins);
  const u = inverseSoftmaxFloat32(probs);
  const perm = numpyLegacyPermutation(n, opts.seed ?? 0);
  const out: PaperCalibration['folds'] = [];
  for (let f = 0; f < folds; f++) {
    const fit = perm.subarray(f * size, (f + 1) * size);
    const rest = Int32Array.from([...perm.subarray(0, f * size), ...perm.subarray((f + 1) * size, folds * size)]);
    const weight = fitNetcalTemperature(u, labels, fit, k);
    out.push({ weight, ece: netcalEce(scaledSoftmax(u, n, k, weight), labels, rest, k, bins) });
  }
  return { ece, eceTempScaled: out.reduce((s, x) => s + x.ece, 0) / folds, folds: out };
}
