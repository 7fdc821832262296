/**
 * When a half-precision model may stand in for its fp32 original: only when the features it
 * produces stay within a stated tolerance of the fp32 features on the same images, and (when
 * probe results are given) every probe metric computed from them lies inside the fp32 result's
 * confidence interval. Anything else is rejected with the reasons.
 */

export const FP16_TOLERANCE = {
  /** Worst per-image cosine similarity between fp16 and fp32 features. */
  minCosine: 0.999,
  /** Worst per-image max |fp16 − fp32| relative to that image's largest |fp32| feature. */
  maxRelError: 0.01,
} as const;

export interface FeatureAgreement {
  rows: number;
  minCosine: number;
  meanCosine: number;
  maxRelError: number;
  maxAbsError: number;
  /** Rows with a NaN or infinite fp16 feature (fp16 overflow). */
  nonFinite: number;
}

export function compareFeatures(fp32: Float32Array, fp16: Float32Array, dim: number): FeatureAgreement {
  if (fp32.length !== fp16.length || dim <= 0 || fp32.length % dim !== 0) {
    throw new Error(
      `compareFeatures: feature arrays differ in size (${fp32.length} vs ${fp16.length}) or do not hold rows of ${dim}`,
    );
  }
  const rows = fp32.length / dim;
  let minCosine = 1;
  let sumCosine = 0;
  let maxRelError = 0;
  let maxAbsError = 0;
  let nonFinite = 0;
  for (let r = 0; r < rows; r++) {
    let dot = 0,
      na = 0,
      nb = 0,
      peak = 0,
      worst = 0,
      finite = true;
    for (let i = r * dim; i < (r + 1) * dim; i++) {
      const a = fp32[i]!,
        b = fp16[i]!;
      if (!Number.isFinite(b)) finite = false;
      dot += a * b;
      na += a * a;
      nb += b * b;
      peak = Math.max(peak, Math.abs(a));
      worst = Math.max(worst, Math.abs(a - b));
    }
    if (!finite) {
      nonFinite++;
      minCosine = Number.NaN;
      continue;
    }
    // Two all-zero rows agree exactly.
    const cos = na === 0 && nb === 0 ? 1 : dot / Math.sqrt(na * nb);
    minCosine = Math.min(minCosine, cos);
    sumCosine += cos;
    maxAbsError = Math.max(maxAbsError, worst);
    maxRelError = Math.max(maxRelError, peak === 0 ? (worst === 0 ? 0 : Number.POSITIVE_INFINITY) : worst / peak);
  }
  return {
    rows,
    minCosine,
    meanCosine: sumCosine / Math.max(1, rows - nonFinite),
    maxRelError,
    maxAbsError,
    nonFinite,
  };
}

export interface ProbeResult {
  task: string;
  value: number;
  ciLow?: number | null;
  ciHigh?: number | null;
}

export interface Fp16Verdict {
  accepted: boolean;
  agreement: FeatureAgreement;
  tolerance: typeof FP16_TOLERANCE;
  /** Why it was rejected; empty when accepted. */
  reasons: string[];
}

export function acceptFp16(input: {
  fp32: Float32Array;
  fp16: Float32Array;
  dim: number;
  probes32?: ProbeResult[];
  probes16?: ProbeResult[];
}): Fp16Verdict {
  const agreement = compareFeatures(input.fp32, input.fp16, input.dim);
  const reasons: string[] = [];
  if (agreement.nonFinite)
    reasons.push(`${agreement.nonFinite} image(s) got non-finite fp16 features (overflow past 65,504)`);
  if (!(agreement.minCosine >= FP16_TOLERANCE.minCosine))
    reasons.push(`min cosine ${fmt(agreement.minCosine)} < ${FP16_TOLERANCE.minCosine}`);
  if (!(agreement.maxRelError <= FP16_TOLERANCE.maxRelError))
    reasons.push(`max relative error ${fmt(agreement.maxRelError)} > ${FP16_TOLERANCE.maxRelError}`);
  for (const p16 of input.probes16 ?? []) {
    const p32 = input.probes32?.find((p) => p.task === p16.task);
    if (!p32) {
      reasons.push(`${p16.task}: no fp32 result to compare with`);
    } else if (p32.ciLow != null && p32.ciHigh != null) {
      if (p16.value < p32.ciLow || p16.value > p32.ciHigh)
        reasons.push(`${p16.task}: fp16 ${p16.value} outside the fp32 CI [${p32.ciLow}, ${p32.ciHigh}]`);
    } else if (p16.value !== p32.value) {
      // A metric without a CI (a single test-set score) must match to the printed precision.
      if (Math.abs(p16.value - p32.value) > 0.05)
        reasons.push(`${p16.task}: fp16 ${p16.value} vs fp32 ${p32.value} (no CI; allowed ±0.05 points)`);
    }
  }
  return { accepted: reasons.length === 0, agreement, tolerance: FP16_TOLERANCE, reasons };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(6) : String(x);
}
