/**
 * Pillow's resampling filter coefficients (libImaging/Resample.c, precompute_coeffs and
 * normalize_coeffs_8bpc): the same filters, support scaled by the downscale factor, window
 * bounds, normalisation and 22-bit fixed-point rounding, for a window of output samples.
 * Bicubic (a = −0.5) serves torchvision's Resize(…, BICUBIC) and Image.resize's default;
 * bilinear (the triangle filter) the official few-shot code's Scale([257, 257]).
 */

export const PRECISION_BITS = 32 - 8 - 2;
// Shifts, not `2 **`: V8 keeps these as small integers, so sums using them stay on int32 paths.
const ONE = 1 << PRECISION_BITS;
export const HALF = 1 << (PRECISION_BITS - 1);

export type ResampleFilter = 'bicubic' | 'bilinear';

function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

function bilinear(x: number): number {
  const t = Math.abs(x);
  return t < 1 ? 1 - t : 0;
}

/** Each filter and its support at scale 1, as Pillow declares them. */
const FILTERS: Record<ResampleFilter, { fn: (x: number) => number; support: number }> = {
  bicubic: { fn: bicubic, support: 2 },
  bilinear: { fn: bilinear, support: 1 },
};

export interface Coefficients {
  /** First input index each output sample reads. */
  start: Int32Array;
  /** Number of input samples each output sample reads. */
  count: Int32Array;
  /** Fixed-point weights, `stride` per output sample (zero past `count`). */
  weights: Int32Array;
  stride: number;
  /** The largest `count`. */
  maxCount: number;
}

/** Coefficients for output samples [first, first + n) of an inSize → outSize resize. */
function computeCoefficients(
  inSize: number,
  outSize: number,
  first: number,
  n: number,
  filter: ResampleFilter,
): Coefficients {
  const { fn, support: baseSupport } = FILTERS[filter];
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = baseSupport * filterScale;
  // Pillow multiplies by the reciprocal (ss = 1.0 / filterscale) rather than dividing.
  const ss = 1 / filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(n);
  const count = new Int32Array(n);
  const weights = new Int32Array(n * stride);
  const k = new Float64Array(stride);
  let maxCount = 0;
  for (let j = 0; j < n; j++) {
    const center = (first + j + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    const len = hi - lo;
    let sum = 0;
    for (let x = 0; x < len; x++) {
      const w = fn((x + lo - center + 0.5) * ss);
      k[x] = w;
      sum += w;
    }
    for (let x = 0; x < len; x++) {
      const w = sum !== 0 ? k[x]! / sum : k[x]!;
      // C's (int) cast truncates toward zero after the ±0.5.
      weights[j * stride + x] = Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
    }
    start[j] = lo;
    count[j] = len;
    maxCount = Math.max(maxCount, len);
  }
  return { start, count, weights, stride, maxCount };
}

// Datasets repeat a handful of image sizes, so coefficients are kept per (in, out, window).
const cache = new Map<string, Coefficients>();
const CACHE_SIZE = 64;

export function coefficients(
  inSize: number,
  outSize: number,
  first: number,
  n: number,
  filter: ResampleFilter = 'bicubic',
): Coefficients {
  const key = `${filter}/${inSize}/${outSize}/${first}/${n}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = computeCoefficients(inSize, outSize, first, n, filter);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, c);
  }
  return c;
}
