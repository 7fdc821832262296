import { PROTOCOLS } from '@transferboard/suite/protocols';
import { NumpyRandomState } from '../random/numpy-random';
import { checkFeatures, ProbeInputError } from './probe-input';

/**
 * The paper's few-shot protocol (ssl-transfer few_shot.py): N-way K-shot episodes with Q
 * queries per class drawn from pooled features, a prototypical classifier (class means,
 * nearest prototype by squared Euclidean distance), accuracy averaged over episodes with the
 * 95% interval 1.96·σ/√E, σ the population standard deviation (np.std) of per-episode accuracy.
 *
 * Sampling is seeded MT19937 (the generator NumPy's legacy RandomState uses): per episode, the
 * classes are a uniform `ways`-subset of the classes with at least K+Q examples, then for each
 * class (in drawn order) a uniform (K+Q)-subset of its examples, first K support, rest queries;
 * subsets come from a forward partial Fisher–Yates shuffle.
 */

export interface FewShotInput {
  x: Float32Array;
  n: number;
  d: number;
  labels: Int32Array;
  ways?: number;
  shots: number;
  queries?: number;
  episodes?: number;
  seed?: number;
  /** Where the data came from, for error messages. */
  sources?: { features?: string; labels?: string };
}

export interface FewShotResult {
  protocol: 'fewshot-protonet';
  /** Mean episode accuracy, percent. */
  accuracy: number;
  /** 1.96 · std / √episodes, percent. */
  ci95: number;
  /** Population standard deviation of episode accuracies (np.std), percent. */
  std: number;
  episodes: number;
  ways: number;
  shots: number;
  queries: number;
  seed: number;
  eligibleClasses: number;
  timings: { totalSeconds: number; perEpisodeMs: number };
}

export function runFewShot(input: FewShotInput): FewShotResult {
  const t0 = performance.now();
  const defaults = PROTOCOLS['fewshot-protonet'].defaults;
  const ways = input.ways ?? defaults.ways;
  const shots = input.shots;
  const queries = input.queries ?? defaults.queries;
  const episodes = input.episodes ?? defaults.episodes;
  const seed = input.seed ?? defaults.seed;
  const { x, n, d, labels } = input;
  const featSrc = input.sources?.features ?? 'features';
  const labelSrc = input.sources?.labels ?? 'labels';
  for (const [name, v, min] of [
    ['ways', ways, 2],
    ['shots', shots, 1],
    ['queries', queries, 1],
    ['episodes', episodes, 1],
  ] as const) {
    if (!Number.isInteger(v) || v < min) throw new ProbeInputError(`${name} must be an integer ≥ ${min}, got ${v}`);
  }
  checkFeatures(x, n, d, featSrc);
  if (labels.length !== n)
    throw new ProbeInputError(`${labelSrc}: ${labels.length} labels for ${n} feature rows in ${featSrc}`);

  const byClass = groupByClass(labels, labelSrc);
  const eligible = [...byClass.entries()].filter(([, idx]) => idx.length >= shots + queries).map(([c]) => c);
  if (eligible.length < ways) {
    throw new ProbeInputError(
      `${labelSrc}: only ${eligible.length} classes have at least ${shots + queries} examples (${shots} shots + ${queries} queries); ` +
        `a ${ways}-way episode needs ${ways}. Lower --shots or --ways.`,
    );
  }

  const rng = new NumpyRandomState(seed);
  const classPool = Int32Array.from(eligible);
  const pools = new Map([...byClass].map(([c, idx]) => [c, Int32Array.from(idx)]));
  const protos = new Float64Array(ways * d);
  const protoNorm = new Float64Array(ways);
  const sum = new Float64Array(d);
  const dots = new Float64Array(ways);
  const acc = new Float64Array(episodes);
  for (let e = 0; e < episodes; e++) {
    rng.sampleInPlace(classPool, ways);
    const chosen: Int32Array[] = [];
    for (let w = 0; w < ways; w++) {
      const pool = pools.get(classPool[w]!)!;
      rng.sampleInPlace(pool, shots + queries);
      chosen.push(pool.subarray(0, shots + queries));
    }
    buildPrototypes(x, d, chosen, shots, protos, protoNorm, sum);
    let correct = 0;
    for (let w = 0; w < ways; w++) {
      for (let q = shots; q < shots + queries; q++) {
        if (nearestPrototype(x, chosen[w]![q]! * d, d, protos, protoNorm, ways, dots) === w) correct++;
      }
    }
    acc[e] = (100 * correct) / (ways * queries);
  }

  let mean = 0;
  for (const a of acc) mean += a;
  mean /= episodes;
  let v = 0;
  for (const a of acc) v += (a - mean) ** 2;
  const std = Math.sqrt(v / episodes);
  const totalSeconds = (performance.now() - t0) / 1000;
  return {
    protocol: 'fewshot-protonet',
    accuracy: mean,
    ci95: (1.96 * std) / Math.sqrt(episodes),
    std,
    episodes,
    ways,
    shots,
    queries,
    seed,
    eligibleClasses: eligible.length,
    timings: { totalSeconds, perEpisodeMs: (1000 * totalSeconds) / episodes },
  };
}

function groupByClass(labels: Int32Array, src: string): Map<number, number[]> {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    if (c < 0) throw new ProbeInputError(`${src}: negative label ${c} at index ${i}; labels must be class indices ≥ 0`);
    let list = byClass.get(c);
    if (!list) {
      list = [];
      byClass.set(c, list);
    }
    list.push(i);
  }
  return byClass;
}

/**
 * Class means, stored interleaved (protos[j·ways + w]) so that scoring a query reads the query
 * once and all prototypes sequentially; ‖p_w‖² alongside.
 */
function buildPrototypes(
  x: Float32Array,
  d: number,
  chosen: Int32Array[],
  shots: number,
  protos: Float64Array,
  protoNorm: Float64Array,
  sum: Float64Array,
): void {
  const ways = chosen.length;
  for (let w = 0; w < ways; w++) {
    sum.fill(0);
    const rows = chosen[w]!;
    let s = 0;
    // Four rows per pass: a quarter of the read-modify-writes of `sum`.
    for (; s + 4 <= shots; s += 4) {
      const o0 = rows[s]! * d;
      const o1 = rows[s + 1]! * d;
      const o2 = rows[s + 2]! * d;
      const o3 = rows[s + 3]! * d;
      for (let j = 0; j < d; j++) sum[j] = sum[j]! + (x[o0 + j]! + x[o1 + j]!) + (x[o2 + j]! + x[o3 + j]!);
    }
    for (; s < shots; s++) {
      const off = rows[s]! * d;
      for (let j = 0; j < d; j++) sum[j] = sum[j]! + x[off + j]!;
    }
    let norm = 0;
    for (let j = 0; j < d; j++) {
      const v = sum[j]! / shots;
      protos[j * ways + w] = v;
      norm += v * v;
    }
    protoNorm[w] = norm;
  }
}

/** argmin_w ‖q − p_w‖² = argmin_w (‖p_w‖² − 2 q·p_w); ties go to the first prototype. */
function nearestPrototype(
  x: Float32Array,
  off: number,
  d: number,
  protos: Float64Array,
  protoNorm: Float64Array,
  ways: number,
  dots: Float64Array,
): number {
  if (ways === 5) {
    // The paper's 5-way case, unrolled: five independent accumulators keep the FPU busy.
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let a4 = 0;
    for (let j = 0, p = 0; j < d; j++, p += 5) {
      const q = x[off + j]!;
      a0 += q * protos[p]!;
      a1 += q * protos[p + 1]!;
      a2 += q * protos[p + 2]!;
      a3 += q * protos[p + 3]!;
      a4 += q * protos[p + 4]!;
    }
    dots[0] = a0;
    dots[1] = a1;
    dots[2] = a2;
    dots[3] = a3;
    dots[4] = a4;
  } else {
    dots.fill(0);
    for (let j = 0; j < d; j++) {
      const q = x[off + j]!;
      const p = j * ways;
      for (let w = 0; w < ways; w++) dots[w] = dots[w]! + q * protos[p + w]!;
    }
  }
  let best = 0;
  let bestV = Infinity;
  for (let w = 0; w < ways; w++) {
    const v = protoNorm[w]! - 2 * dots[w]!;
    if (v < bestV) {
      bestV = v;
      best = w;
    }
  }
  return best;
}
