/**
 * Scores of the linear protocol, in percent as the paper prints them. Scores are row-major
 * n × k decision values (logits); labels are class indices, or n × k 0/1 for multi-label.
 */

export function argmaxRows(scores: ArrayLike<number>, n: number, k: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestV = scores[i * k]!;
    for (let j = 1; j < k; j++) {
      const v = scores[i * k + j]!;
      if (v > bestV) {
        bestV = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

export function top1(pred: Int32Array, labels: ArrayLike<number>): number {
  let hit = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) hit++;
  return (100 * hit) / pred.length;
}

/**
 * Mean over classes of per-class recall (the paper: confusion-matrix diagonal over row sums).
 * Classes absent from `labels` are skipped: their recall is undefined.
 */
export function meanPerClassAccuracy(pred: Int32Array, labels: ArrayLike<number>, k: number): number {
  const total = new Float64Array(k);
  const hit = new Float64Array(k);
  for (let i = 0; i < pred.length; i++) {
    const y = labels[i]!;
    total[y] = total[y]! + 1;
    if (pred[i] === y) hit[y] = hit[y]! + 1;
  }
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    if (total[c]! > 0) {
      sum += hit[c]! / total[c]!;
      classes++;
    }
  }
  return (100 * sum) / classes;
}

/**
 * PASCAL VOC 2007 11-point interpolated AP of one class (VOCdevkit VOCevalcls.m): rank by
 * score, precision/recall at every rank, then the mean over t ∈ {0, .1, …, 1} of the best
 * precision at recall ≥ t. Returns a fraction in [0, 1].
 */
export function voc11PointAp(scores: ArrayLike<number>, positives: ArrayLike<number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  let nPos = 0;
  for (let i = 0; i < n; i++) if (positives[i]! > 0) nPos++;
  if (nPos === 0) return 0;
  const rec = new Float64Array(n);
  const prec = new Float64Array(n);
  let tp = 0;
  for (let r = 0; r < n; r++) {
    if (positives[order[r]!]! > 0) tp++;
    rec[r] = tp / nPos;
    prec[r] = tp / (r + 1);
  }
  // Summed, then divided once: VOCevalcls.m's running `ap += p/11` rounds eleven perfect
  // precisions to 1.0000000000000002 (an mAP of 100.00000000000003, past the metric's bound).
  let sum = 0;
  for (let step = 0; step <= 10; step++) {
    const t = step / 10;
    let p = 0;
    for (let r = 0; r < n; r++) if (rec[r]! >= t - 1e-12 && prec[r]! > p) p = prec[r]!;
    sum += p;
  }
  return sum / 11;
}

/** Mean over classes of the 11-point AP, in percent; labels are n × k 0/1. */
export function meanAp11(scores: ArrayLike<number>, labels: ArrayLike<number>, n: number, k: number): number {
  let sum = 0;
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      s[i] = scores[i * k + c]!;
      y[i] = labels[i * k + c]!;
    }
    sum += voc11PointAp(s, y);
  }
  return (100 * sum) / k;
}

/** Row-wise softmax of logits / temperature, in float64. */
export function softmaxRows(logits: ArrayLike<number>, n: number, k: number, temperature = 1): Float64Array {
  const p = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, logits[i * k + j]! / temperature);
    let z = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(logits[i * k + j]! / temperature - m);
      p[i * k + j] = e;
      z += e;
    }
    for (let j = 0; j < k; j++) p[i * k + j] = p[i * k + j]! / z;
  }
  return p;
}

/**
 * Expected calibration error of the top-1 confidence with equal-width bins (15 in the paper,
 * as netcal's ECE): Σ_b |B_b|/N · |accuracy(B_b) − confidence(B_b)|, in percent.
 */
export function expectedCalibrationError(
  probs: Float64Array,
  labels: ArrayLike<number>,
  n: number,
  k: number,
  bins = 15,
): number {
  const count = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const acc = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (probs[i * k + j]! > probs[i * k + best]!) best = j;
    const c = probs[i * k + best]!;
    const b = Math.min(bins - 1, Math.floor(c * bins));
    count[b] = count[b]! + 1;
    conf[b] = conf[b]! + c;
    if (best === labels[i]) acc[b] = acc[b]! + 1;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) ece += Math.abs(acc[b]! - conf[b]!);
  return (100 * ece) / n;
}

/** Mean negative log-likelihood of labels under softmax(logits / T). */
function nll(logits: ArrayLike<number>, labels: ArrayLike<number>, n: number, k: number, t: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = Math.max(m, logits[i * k + j]! / t);
    let z = 0;
    for (let j = 0; j < k; j++) z += Math.exp(logits[i * k + j]! / t - m);
    total += m + Math.log(z) - logits[i * k + labels[i]!]! / t;
  }
  return total / n;
}

/**
 * Temperature scaling (Guo et al. 2017): the T > 0 minimising validation NLL of softmax(z/T).
 * NLL is unimodal in log T, so a golden-section search over log T ∈ [-7, 7] finds it.
 */
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>, n: number, k: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = -7;
  let b = 7;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = nll(logits, labels, n, k, Math.exp(c));
  let fd = nll(logits, labels, n, k, Math.exp(d));
  while (b - a > 1e-6) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = nll(logits, labels, n, k, Math.exp(c));
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = nll(logits, labels, n, k, Math.exp(d));
    }
  }
  return Math.exp((a + b) / 2);
}
