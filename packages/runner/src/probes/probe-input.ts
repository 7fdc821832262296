/**
 * Checks on the probes' inputs, so that bad data fails early with a message that names where
 * it came from (a file path when the CLI read it) and says what to do, never deep in a solver.
 */

export interface LabeledFeatures {
  x: Float32Array;
  n: number;
  d: number;
  /** Class indices (n), or n × numClasses 0/1 labels when multi-label. */
  y: Int32Array | Uint8Array;
}

export class ProbeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProbeInputError';
  }
}

/** Labels of a split for messages: a file path or a role such as "train". */
export interface SplitSource {
  features: string;
  labels: string;
}

export function checkFeatures(x: Float32Array, n: number, d: number, src: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new ProbeInputError(`${src}: no examples (n = ${n})`);
  if (!Number.isInteger(d) || d <= 0)
    throw new ProbeInputError(`${src}: feature dimension must be positive (d = ${d})`);
  if (x.length !== n * d) {
    throw new ProbeInputError(`${src}: ${x.length} values do not form a ${n} × ${d} matrix`);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    // v - v is NaN exactly for NaN and ±Inf: one test per value.
    if (v - v !== 0) {
      const row = Math.floor(i / d);
      throw new ProbeInputError(
        `${src}: non-finite value ${v} at row ${row}, column ${i % d}; re-extract the features or drop that example`,
      );
    }
  }
}

export function checkLabels(split: LabeledFeatures, numClasses: number, multiLabel: boolean, src: SplitSource): void {
  const expected = multiLabel ? split.n * numClasses : split.n;
  if (split.y.length !== expected) {
    const want = multiLabel ? `${split.n} × ${numClasses} (multi-label 0/1)` : `${split.n}`;
    throw new ProbeInputError(
      `${src.labels}: ${split.y.length} labels for ${split.n} feature rows in ${src.features}; expected ${want}`,
    );
  }
  for (let i = 0; i < split.y.length; i++) {
    const v = split.y[i]!;
    const ok = multiLabel ? v === 0 || v === 1 : v >= 0 && v < numClasses;
    if (!ok) {
      const range = multiLabel ? 'must be 0 or 1' : `must be a class index in [0, ${numClasses - 1}]`;
      throw new ProbeInputError(`${src.labels}: label ${v} at index ${i} ${range}`);
    }
  }
}

/** Every class needs at least one training example (a positive one when multi-label). */
export function checkEveryClassPresent(
  y: ArrayLike<number>,
  n: number,
  numClasses: number,
  multiLabel: boolean,
  src: string,
): void {
  const seen = new Uint8Array(numClasses);
  if (multiLabel) {
    for (let i = 0; i < n; i++) for (let c = 0; c < numClasses; c++) if (y[i * numClasses + c] === 1) seen[c] = 1;
  } else {
    for (let i = 0; i < n; i++) seen[y[i]!] = 1;
  }
  const missing = [...seen.keys()].filter((c) => seen[c] === 0);
  if (missing.length > 0) {
    const what = multiLabel ? 'no positive example' : 'no example';
    throw new ProbeInputError(
      `${src}: class${missing.length > 1 ? 'es' : ''} ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} ` +
        `ha${missing.length > 1 ? 've' : 's'} ${what}; pass the right --num-classes or add examples`,
    );
  }
}
