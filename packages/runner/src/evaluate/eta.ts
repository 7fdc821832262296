import { DATASET_SPLIT_SIZES, DETECTION_EXTRA_TRAIN, type SplitSizes } from '@transferboard/suite/dataset-sizes';
import { L2_GRID, RANDOM_VALIDATION } from '@transferboard/suite/protocols';
import { registry } from '@transferboard/suite/registry';
import type { DatasetSlug, TaskCategory } from '@transferboard/suite/types';

/**
 * How long an evaluation will take on this host: a cost model per task, priced with rates
 * measured on the host (calibrate.ts), and a tracker that rescales what is left by how the
 * finished tasks compared with their estimates. docs/runner.md ("How long a run takes") gives
 * the constants' measurements and the errors seen.
 *
 * A task costs a fixed start (its process, onnxruntime, the model), extraction (every image the
 * protocol reads ÷ images per second; nothing when an earlier task of the run extracted the same
 * dataset the same way) and its probe:
 * - linear: the L2 grid's fits on the fit split and the refit on train + val, each
 *   ITERATIONS_PER_FIT L-BFGS iterations of two products with the features (4·n·d·C flops at the
 *   host's GFLOP/s) plus per-element work on the n×C logits (float64 trials, copies);
 * - few-shot: its episodes, a fixed cost each;
 * - detection and dense: the frozen probes' fit, a cost per training image.
 */

/**
 * Measured: 52 per fit at 4,000 × 512 × 50 classes, 19 at 20,000 × 2048 × 100 (issue 18), 42–80
 * on the fixtures (weak L2 runs to the cap of 100).
 */
const ITERATIONS_PER_FIT = 40;
/** Per iteration whatever the shape (session calls, the line search's bookkeeping), at REFERENCE_GFLOPS: the fixtures. */
const ITERATION_SECONDS = 0.001;
/** Per logit element and iteration beyond the products, at REFERENCE_GFLOPS (issue 18's 4,000 × 512 × 50 case). */
const ELEMENT_SECONDS = 35e-9;
/** The GFLOP/s ELEMENT_SECONDS was measured at: a host twice as fast does that work twice as fast. */
const REFERENCE_GFLOPS = 95;
/** Process start, onnxruntime and the model's session, the dataset listing: measured on the fixtures. */
export const TASK_START_SECONDS = 2;
/** One few-shot episode (sampling, prototypes, distances) at the reference rate. */
const EPISODE_SECONDS = 0.001;
/**
 * The frozen detection and normals probes' fit: a fixed part and one per training image, at the
 * reference rate (the fixtures: 3–6 s for 6–57 images, mostly fixed; the per-image part is not
 * yet measured at real sizes).
 */
const DENSE_FIT_SECONDS = 3;
const DENSE_FIT_SECONDS_PER_IMAGE = 0.004;

/** What the host does per second: images through decoding and the backbone, float32 products. */
export interface HostRates {
  imagesPerSecond: number;
  gflops: number;
  /** How the rates were obtained, in words ("calibrated: …", "measured on linear-dtd"). */
  basis: string;
}

/** What a task's cost depends on. */
export interface TaskShape {
  slug: string;
  category: TaskCategory;
  /** Images to extract; 0 when an earlier task of the run extracts the same ones. */
  images: number;
  /** Linear: the grid's fit split, its validation split, test. Others: training images. */
  nFit: number;
  nVal: number;
  nTest: number;
  classes: number;
  /** Feature dimension. */
  dim: number;
  /** Few-shot episodes (the protocol's, or a run's override); 0 for other tasks. */
  episodes: number;
}

export interface TaskEstimate {
  slug: string;
  extractionSeconds: number;
  probeSeconds: number;
  seconds: number;
}

/**
 * The shapes of `slugs` at the datasets' official sizes (or `sizes`, for tests and synthetic
 * shapes), in run order: a dataset read the same way twice (the three few-shot tasks of one
 * dataset) is extracted once.
 */
export function taskShapes(
  slugs: readonly string[],
  dim: number,
  sizes: (dataset: DatasetSlug) => SplitSizes = (d) => DATASET_SPLIT_SIZES[d],
  episodes?: number,
): TaskShape[] {
  const extracted = new Set<string>();
  return slugs.map((slug) => {
    const task = registry.task(slug);
    const s = sizes(task.dataset);
    const train = s.train + (task.category === 'detection' ? DETECTION_EXTRA_TRAIN : 0);
    const key = `${task.dataset}/${task.category}`;
    const images = extracted.has(key) ? 0 : train + s.val + s.test;
    extracted.add(key);
    const heldOut = task.category === 'linear' && s.val === 0 ? Math.round(train * RANDOM_VALIDATION.fraction) : 0;
    return {
      slug,
      category: task.category,
      images,
      nFit: train - heldOut,
      nVal: s.val || heldOut,
      nTest: s.test,
      classes: task.numClasses,
      dim,
      episodes: task.protocol?.id === 'fewshot-protonet' ? (episodes ?? task.protocol.params.episodes) : 0,
    };
  });
}

/** Seconds of one L-BFGS fit of n samples: its iterations' products and per-element work. */
function fitSeconds(n: number, shape: TaskShape, gflops: number): number {
  const products = (4 * n * shape.dim * shape.classes) / (gflops * 1e9);
  const elements = n * shape.classes * ELEMENT_SECONDS * (REFERENCE_GFLOPS / gflops);
  return ITERATIONS_PER_FIT * (products + elements + ITERATION_SECONDS * (REFERENCE_GFLOPS / gflops));
}

/** The probe's seconds for a task's shape at `gflops`. */
export function probeSeconds(shape: TaskShape, gflops: number): number {
  const scale = REFERENCE_GFLOPS / gflops;
  switch (shape.category) {
    case 'linear': {
      const scoring = (2 * (L2_GRID.count * shape.nVal + shape.nTest) * shape.dim * shape.classes) / (gflops * 1e9);
      return (
        L2_GRID.count * fitSeconds(shape.nFit, shape, gflops) +
        fitSeconds(shape.nFit + shape.nVal, shape, gflops) +
        scoring
      );
    }
    case 'few_shot':
      return shape.episodes * EPISODE_SECONDS * scale;
    case 'detection':
    case 'dense':
      return (DENSE_FIT_SECONDS + shape.nFit * DENSE_FIT_SECONDS_PER_IMAGE) * scale;
    case 'finetune':
      return 0;
  }
}

export function estimateTask(shape: TaskShape, rates: HostRates): TaskEstimate {
  const extractionSeconds = shape.images / rates.imagesPerSecond;
  const probe = probeSeconds(shape, rates.gflops);
  return {
    slug: shape.slug,
    extractionSeconds,
    probeSeconds: probe,
    seconds: TASK_START_SECONDS + extractionSeconds + probe,
  };
}

/** What the runner reports with heartbeats and prints: seconds left as of `estimatedAt`, and why. */
export interface Eta {
  secondsLeft: number;
  /** ISO 8601. */
  estimatedAt: string;
  basis: string;
}

/**
 * The estimate as tasks finish: what is left is the unfinished tasks' estimates × the ratio of
 * actual to estimated seconds over the finished ones (1 until one finishes). Tasks skipped (done
 * before, no data) are `drop`ped: they cost nothing.
 */
export class EtaTracker {
  private readonly pending: Map<string, TaskEstimate>;
  private actual = 0;
  private estimated = 0;

  constructor(
    estimates: readonly TaskEstimate[],
    private readonly rates: HostRates,
  ) {
    this.pending = new Map(estimates.map((e) => [e.slug, e]));
  }

  /** Actual over estimated seconds of the tasks finished so far (1 before any). */
  ratio(): number {
    return this.estimated > 0 ? this.actual / this.estimated : 1;
  }

  finish(slug: string, actualSeconds: number): void {
    const e = this.pending.get(slug);
    if (!e) return;
    this.pending.delete(slug);
    this.actual += actualSeconds;
    this.estimated += e.seconds;
  }

  drop(slug: string): void {
    this.pending.delete(slug);
  }

  /** A task's end: a measured one says how fast the host is; any other (failed, no data) is dropped. */
  settle(slug: string, measured: boolean, actualSeconds: number): void {
    if (measured) this.finish(slug, actualSeconds);
    else this.drop(slug);
  }

  /** Seconds left: the pending tasks' estimates, rescaled by the ratio so far. */
  secondsLeft(): number {
    let sum = 0;
    for (const e of this.pending.values()) sum += e.seconds;
    return sum * this.ratio();
  }

  eta(now = new Date()): Eta {
    const finished = this.estimated > 0 ? `, × ${this.ratio().toFixed(2)} (actual / estimated so far)` : '';
    return {
      secondsLeft: Math.round(this.secondsLeft()),
      estimatedAt: now.toISOString(),
      basis: `${this.pending.size} task(s) left; ${this.rates.basis}${finished}`,
    };
  }
}
