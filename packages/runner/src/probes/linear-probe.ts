import { L2_GRID, PROTOCOLS, RANDOM_VALIDATION, type L2Grid } from '@transferboard/suite/protocols';
import type { StopReason } from '../linalg/lbfgs';
import { collectAllGarbage } from '../linalg/collect-garbage';
import { minimizeLogistic } from '../linalg/logistic-lbfgs';
import { LogisticEngine, type BoundDesign, type BoundPreconditioner } from '../linalg/logistic-objective';
import { preconditioner } from '../linalg/preconditioner';
import { leadingSpectrum, type Spectrum } from '../linalg/spectrum';
import { numpyLegacyPermutation } from '../random/numpy-random';
import { paperCalibration } from './calibration';
import {
  argmaxRows,
  expectedCalibrationError,
  fitTemperature,
  meanAp11,
  meanPerClassAccuracy,
  softmaxRows,
  top1,
} from './metrics';
import {
  checkEveryClassPresent,
  checkFeatures,
  checkLabels,
  ProbeInputError,
  type LabeledFeatures,
  type SplitSource,
} from './probe-input';

/**
 * The paper's linear protocol (ssl-transfer linear.py): scikit-learn
 * LogisticRegression(solver="lbfgs", multi_class="multinomial", warm_start=True, C=1/wd) fitted
 * for each wd of logspace(-6, 5, 45) in increasing order on the train split, warm-started from
 * the previous fit; the first wd with the best validation score wins; refit on train+val, score
 * on test. VOC2007 (multi-label): one binary classifier per class, mean 11-point AP.
 *
 * Solver: scikit-learn's L-BFGS (logistic-lbfgs.ts) with its iteration cap and stopping tests.
 * Where weak regularisation leaves a nearly separable problem, fits end on the gradient test
 * or the cap, and what they return depends on the path L-BFGS takes, so those fits run
 * scikit-learn's algorithm step for step in plain variables. Its products are float32
 * (onnxruntime) where scikit-learn's are float64, so the path agrees to rounding, not bit for
 * bit: at a fixed L2 the optimum's loss is scikit-learn's within 2e-8 relative and its weights
 * within 6e-5 of their largest. From the first fit that ends on the relative-decrease test, the
 * fits converge to the regularised optimum, which is unique, and every later grid point with a
 * stronger L2, and a refit at such a point, runs in preconditioned variables
 * (preconditioner.ts): the same optimum in fewer iterations. On the reference problems
 * (linear-probe.test.ts) every validation score, the chosen grid point and the test score equal
 * scikit-learn's; the test allows one validation or test example more, for CPUs whose float32
 * kernels round otherwise.
 */

export type LinearMetric = 'top1' | 'mean-per-class' | 'map11';

export interface LinearProbeInput {
  train: LabeledFeatures;
  val?: LabeledFeatures;
  test: LabeledFeatures;
  numClasses: number;
  metric: LinearMetric;
  multiLabel?: boolean;
  /** Seed of the random validation split (NumPy legacy shuffle; the paper used 0). */
  seed?: number;
  /** Share of train held out for validation when no val split is given (the protocol's: 0.2). */
  validationFraction?: number;
  /** L2 strengths (wd = 1/C); default the protocol's grid, logspace(-6, 5, 45). */
  grid?: number[];
  /** L-BFGS iterations per fit; default the protocol's (scikit-learn's 100, as the paper ran it). */
  maxIter?: number;
  /** The paper's calibration figures (test ECE, 5-fold temperature scaling on test); default on for single-label. */
  calibration?: boolean;
  /** Where each split came from (file paths), for error messages. */
  sources?: { train?: SplitSource; val?: SplitSource; test?: SplitSource };
  /** onnxruntime intra-op threads; 0 (default) uses every core. */
  threads?: number;
  /** Start of the train+val refit: the chosen grid point's weights (default), or the last grid
   * point's, as the paper's shared warm-started classifier did. Where the fits converge both
   * reach the same optimum; at weak L2 the refit stops on the gradient test or the cap, and its
   * result depends on the start (docs/protocols.md gives both measured). */
  refitStart?: 'chosen' | 'last-grid-point';
  /** 'auto' (default): precondition the converging fits (see above); 'never': scikit-learn's
   * plain variables throughout, for comparisons. */
  precondition?: 'auto' | 'never';
  /** Called after each fit of the grid and after the refit: what progress output reports. */
  onFit?: (fit: FitEvent) => void;
}

/** One finished fit: grid point `index` of `total`, or the train+val refit. */
export interface FitEvent {
  phase: 'grid' | 'refit';
  index: number;
  total: number;
  l2: number;
  iterations: number;
  seconds: number;
}

/** Leading eigenpairs kept for the preconditioner: enough for the class structure of 100-way
 * problems; they cost one n·d² product and a few d²·r ones, once per design (spectrum.ts). */
const PRECONDITIONER_RANK = 128;

export interface GridPoint {
  l2: number;
  C: number;
  valScore: number;
  loss: number;
  iterations: number;
  evaluations: number;
  stop: StopReason;
  /** Whether the fit ran in preconditioned variables. */
  preconditioned: boolean;
  seconds: number;
}

export interface LinearProbeResult {
  protocol: 'linear-lbfgs';
  metric: LinearMetric;
  chosenL2: number;
  chosenC: number;
  chosenIndex: number;
  validationSource: 'given' | 'random-20pct-of-train';
  validation: GridPoint[];
  bestValScore: number;
  testScore: number;
  refit: {
    loss: number;
    iterations: number;
    evaluations: number;
    stop: StopReason;
    start: 'chosen' | 'last-grid-point';
    preconditioned: boolean;
  };
  /** Calibration of the refit model on test, percent (probes/calibration.ts); null for multi-label
   * or too small a test set. `before` and `afterTemperature` are the paper's figures: netcal's
   * 15-bin ECE, and its mean over 5 folds of temperature scaling cross-validated on test (each
   * fold's multiplier w = 1/T and scaled ECE in `folds`). `validationTemperature` is another
   * figure, not the paper's: T fitted on the chosen grid model's validation logits, applied to test. */
  ece: {
    before: number;
    afterTemperature: number;
    folds: { weight: number; ece: number }[];
    validationTemperature: { temperature: number; ece: number };
  } | null;
  sizes: { train: number; val: number; test: number; d: number; numClasses: number };
  /** `evaluations`: line-search trial steps; `dataPasses`: n·d·k products over the features
   * (two per L-BFGS iteration plus scoring), the cost that dominates. */
  timings: {
    gridSeconds: number;
    refitSeconds: number;
    scoringSeconds: number;
    totalSeconds: number;
    evaluations: number;
    dataPasses: number;
  };
}

/** The L2 strengths of a log-spaced grid, in increasing order (the protocol's: 45 in [1e-6, 1e5]). */
export function gridValues(grid: L2Grid = L2_GRID): number[] {
  const a = Math.log10(grid.from);
  const b = Math.log10(grid.to);
  return Array.from({ length: grid.count }, (_, i) => 10 ** (a + ((b - a) * i) / (grid.count - 1)));
}

export async function runLinearProbe(input: LinearProbeInput): Promise<LinearProbeResult> {
  const t0 = performance.now();
  const multiLabel = input.multiLabel ?? input.metric === 'map11';
  const k = input.numClasses;
  validate(input, multiLabel);
  const { train, val, source } = splitValidation(input, multiLabel);
  checkEveryClassPresent(
    train.y,
    train.n,
    k,
    multiLabel,
    `${input.sources?.train?.labels ?? 'train labels'} (training part)`,
  );

  const d = train.d;
  const engine = await LogisticEngine.create(multiLabel ? 'sigmoid' : 'softmax', d, k, input.threads ?? 0);
  try {
    // sklearn fits each binary VOC classifier as a 2-class multinomial model with both rows
    // penalised; that is a sigmoid model with half the L2 strength (same optimum, same loss).
    const l2Of = (wd: number) => (multiLabel ? wd / 2 : wd);
    const score = (logits: Float32Array, split: LabeledFeatures) => scoreSplit(input.metric, logits, split, k);
    const maxIter = input.maxIter ?? PROTOCOLS['linear-lbfgs'].defaults.solver.maxIter;

    let trainBound: BoundDesign | undefined = engine.bind(designOf(train, k, multiLabel));
    const grid = input.grid ?? gridValues();
    const points: GridPoint[] = [];
    let params: Float64Array = new Float64Array(engine.size);
    let best = { index: -1, score: -Infinity, params, preconditioned: false };
    const tGrid = performance.now();
    let evaluations = 0;
    // The weakest L2 whose fit ended on the relative-decrease test; fits at it or stronger
    // converge to the optimum, so they may be preconditioned (see the module comment).
    let convergedFrom = Infinity;
    const spectra = new Map<LabeledFeatures, Promise<Spectrum>>();
    const preconditionerFor = async (split: LabeledFeatures, l2: number): Promise<BoundPreconditioner> => {
      if (!spectra.has(split))
        spectra.set(split, leadingSpectrum(split.x, split.n, d, PRECONDITIONER_RANK, 0, input.threads ?? 0));
      return engine.bindPreconditioner(preconditioner(await spectra.get(split)!, engine.curvature, l2));
    };
    for (const [index, wd] of grid.entries()) {
      const ts = performance.now();
      const pre = wd > convergedFrom ? await preconditionerFor(train, l2Of(wd)) : undefined;
      const fit = await minimizeLogistic(engine, trainBound, l2Of(wd), params, { maxIter, preconditioner: pre });
      if (fit.reason === 'ftol' && input.precondition !== 'never') convergedFrom = Math.min(convergedFrom, wd);
      params = fit.x;
      evaluations += fit.evaluations;
      const valScore = score(await engine.decision(val.x, val.n, params), val);
      points.push({
        l2: wd,
        C: 1 / wd,
        valScore,
        loss: fit.f,
        iterations: fit.iterations,
        evaluations: fit.evaluations,
        stop: fit.reason,
        preconditioned: pre !== undefined,
        seconds: (performance.now() - ts) / 1000,
      });
      input.onFit?.({
        phase: 'grid',
        index,
        total: grid.length,
        l2: wd,
        iterations: fit.iterations,
        seconds: points[index]!.seconds,
      });
      // Strictly greater: ties keep the smaller wd, as the paper's loop does.
      if (valScore > best.score) best = { index, score: valScore, params, preconditioned: pre !== undefined };
    }
    const gridSeconds = (performance.now() - tGrid) / 1000;

    const chosenL2 = grid[best.index]!;
    const tRefit = performance.now();
    // The train design (its targets, its k × n buffers) and the grid's dead run outputs are no
    // longer needed: free them before the refit's design and spectrum are made.
    trainBound = undefined;
    collectAllGarbage();
    const trainval = concat(train, val);
    let refitBound: BoundDesign | undefined = engine.bind(designOf(trainval, k, multiLabel));
    // Warm start from the chosen grid fit (the paper continued from the last grid point):
    // both reach the same optimum; this start is nearer to it.
    const start = input.refitStart === 'last-grid-point' ? params : best.params;
    const refitPre = best.preconditioned ? await preconditionerFor(trainval, l2Of(chosenL2)) : undefined;
    const refit = await minimizeLogistic(engine, refitBound, l2Of(chosenL2), start, {
      maxIter,
      preconditioner: refitPre,
    });
    evaluations += refit.evaluations;
    const refitSeconds = (performance.now() - tRefit) / 1000;
    input.onFit?.({
      phase: 'refit',
      index: best.index,
      total: grid.length,
      l2: chosenL2,
      iterations: refit.iterations,
      seconds: refitSeconds,
    });

    // Likewise the refit's design before scoring.
    refitBound = undefined;
    collectAllGarbage();
    const tScore = performance.now();
    const testLogits = await engine.decision(input.test.x, input.test.n, refit.x);
    const testScore = score(testLogits, input.test);
    const ece =
      multiLabel || input.calibration === false
        ? null
        : calibration(testLogits, input.test, await engine.decision(val.x, val.n, best.params), val, k);
    const scoringSeconds = (performance.now() - tScore) / 1000;

    return {
      protocol: 'linear-lbfgs',
      metric: input.metric,
      chosenL2,
      chosenC: 1 / chosenL2,
      chosenIndex: best.index,
      validationSource: source,
      validation: points,
      bestValScore: best.score,
      testScore,
      refit: {
        loss: refit.f,
        iterations: refit.iterations,
        evaluations: refit.evaluations,
        stop: refit.reason,
        start: input.refitStart ?? 'chosen',
        preconditioned: refitPre !== undefined,
      },
      ece,
      sizes: { train: train.n, val: val.n, test: input.test.n, d, numClasses: k },
      timings: {
        gridSeconds,
        refitSeconds,
        scoringSeconds,
        totalSeconds: (performance.now() - t0) / 1000,
        evaluations,
        dataPasses: engine.dataPasses,
      },
    };
  } finally {
    await engine.release();
  }
}

function validate(input: LinearProbeInput, multiLabel: boolean): void {
  const k = input.numClasses;
  if (!Number.isInteger(k) || k < 2) throw new ProbeInputError(`numClasses must be an integer ≥ 2, got ${k}`);
  if (multiLabel && input.metric !== 'map11') {
    throw new ProbeInputError(`multi-label labels are scored by 11-point mAP; use metric map11, not ${input.metric}`);
  }
  if (!multiLabel && input.metric === 'map11')
    throw new ProbeInputError('metric map11 needs multi-label (n × classes 0/1) labels');
  const roles = ['train', 'val', 'test'] as const;
  for (const role of roles) {
    const split = input[role];
    if (!split) continue;
    const src = input.sources?.[role] ?? { features: `${role} features`, labels: `${role} labels` };
    checkFeatures(split.x, split.n, split.d, src.features);
    if (split.d !== input.train.d) {
      throw new ProbeInputError(
        `${src.features}: ${split.d} features per row, but the training features have ${input.train.d}`,
      );
    }
    checkLabels(split, k, multiLabel, src);
  }
  const fraction = input.validationFraction ?? RANDOM_VALIDATION.fraction;
  if (!(fraction > 0 && fraction < 1))
    throw new ProbeInputError(`validation fraction must be in (0, 1), got ${fraction}`);
  const grid = input.grid ?? gridValues();
  if (grid.length === 0 || grid.some((g) => !(g > 0) || !Number.isFinite(g))) {
    throw new ProbeInputError('grid: L2 strengths must be positive finite numbers');
  }
}

/** The dataset's own val split when given; else the paper's: shuffle train with NumPy's
 * legacy RNG seeded `seed`, the first floor(fraction·n) indices (fraction 0.2) are validation. */
function splitValidation(
  input: LinearProbeInput,
  multiLabel: boolean,
): { train: LabeledFeatures; val: LabeledFeatures; source: LinearProbeResult['validationSource'] } {
  if (input.val) return { train: input.train, val: input.val, source: 'given' };
  const n = input.train.n;
  const fraction = input.validationFraction ?? RANDOM_VALIDATION.fraction;
  const nVal = Math.floor(fraction * n);
  if (nVal === 0)
    throw new ProbeInputError(
      `${input.sources?.train?.features ?? 'train'}: too few examples (${n}) for a ${fraction * 100}% validation split`,
    );
  const perm = numpyLegacyPermutation(n, input.seed ?? RANDOM_VALIDATION.seed);
  const width = multiLabel ? input.numClasses : 1;
  // One buffer, the training part's rows then validation's, so that the refit's train+val is a view.
  const d = input.train.d;
  const both = new Float32Array(n * d);
  const nTrain = n - nVal;
  return {
    train: take(input.train, perm.subarray(nVal), width, both.subarray(0, nTrain * d)),
    val: take(input.train, perm.subarray(0, nVal), width, both.subarray(nTrain * d)),
    source: 'random-20pct-of-train',
  };
}

/** Rows of `src` into `x` (rows × d) and a fresh label array. */
function take(src: LabeledFeatures, rows: Int32Array, width: number, x: Float32Array): LabeledFeatures {
  const { d } = src;
  const y = new (src.y.constructor as Int32ArrayConstructor | Uint8ArrayConstructor)(rows.length * width);
  rows.forEach((r, i) => {
    x.set(src.x.subarray(r * d, (r + 1) * d), i * d);
    y.set(src.y.subarray(r * width, (r + 1) * width), i * width);
  });
  return { x, n: rows.length, d, y };
}

/** Train and val stacked. Where their features are adjacent views of one buffer (the CLI loads
 * them so, and the random split builds them so), the stacked features are a view: no copy of
 * the largest array of the probe. */
function concat(a: LabeledFeatures, b: LabeledFeatures): LabeledFeatures {
  const adjacent = a.x.buffer === b.x.buffer && a.x.byteOffset + a.x.byteLength === b.x.byteOffset;
  let x: Float32Array;
  if (adjacent) x = new Float32Array(a.x.buffer, a.x.byteOffset, a.x.length + b.x.length);
  else {
    x = new Float32Array(a.x.length + b.x.length);
    x.set(a.x);
    x.set(b.x, a.x.length);
  }
  const y = new (a.y.constructor as Int32ArrayConstructor | Uint8ArrayConstructor)(a.y.length + b.y.length);
  y.set(a.y);
  y.set(b.y, a.y.length);
  return { x, n: a.n + b.n, d: a.d, y };
}

function designOf(split: LabeledFeatures, k: number, multiLabel: boolean) {
  const targets = new Float32Array(split.n * k);
  if (multiLabel) for (let i = 0; i < targets.length; i++) targets[i] = split.y[i]!;
  else for (let i = 0; i < split.n; i++) targets[i * k + split.y[i]!] = 1;
  return { x: split.x, n: split.n, d: split.d, targets };
}

function scoreSplit(metric: LinearMetric, logits: Float32Array, split: LabeledFeatures, k: number): number {
  if (metric === 'map11') return meanAp11(logits, split.y, split.n, k);
  const pred = argmaxRows(logits, split.n, k);
  return metric === 'top1' ? top1(pred, split.y) : meanPerClassAccuracy(pred, split.y, k);
}

function calibration(
  testLogits: Float32Array,
  test: LabeledFeatures,
  valLogits: Float32Array,
  val: LabeledFeatures,
  k: number,
): LinearProbeResult['ece'] {
  const paper = paperCalibration(testLogits, test.y, test.n, k);
  if (!paper) return null;
  const temperature = fitTemperature(valLogits, val.y, val.n, k);
  const ece = expectedCalibrationError(softmaxRows(testLogits, test.n, k, temperature), test.y, test.n, k);
  return {
    before: paper.ece,
    afterTemperature: paper.eceTempScaled,
    folds: paper.folds,
    validationTemperature: { temperature, ece },
  };
}
