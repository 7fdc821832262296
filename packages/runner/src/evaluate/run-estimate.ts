import type { ModelInfo } from '@transferboard/onnx-intake/inspect';
import { DATASET_SPLIT_SIZES, type SplitSizes } from '@transferboard/suite/dataset-sizes';
import { registry } from '@transferboard/suite/registry';
import type { DatasetSlug } from '@transferboard/suite/types';
import { CLASSIFICATION_SLUGS, readDataset } from '../datasets/registry';
import { formatSeconds } from '../progress/progress';
import type { TaskResult } from '../protocols/types';
import { calibrateHost } from './calibrate';
import { EtaTracker, estimateTask, taskShapes, type HostRates, type TaskEstimate } from './eta';

/** A run's estimate: per task at the start, then what is left as tasks finish. */
export interface RunEstimate {
  estimates: TaskEstimate[];
  rates: HostRates;
  tracker: EtaTracker;
}

/** The pooled features' dimension (the cost model's d); 2048 (a ResNet-50's) when the shape is unknown. */
function featureDim(info: Pick<ModelInfo, 'featureShape'>): number {
  const d = info.featureShape?.[1];
  return typeof d === 'number' && d > 0 ? d : 2048;
}

/**
 * The split sizes of the classification datasets `slugs` read, as they are under `dataRoot` (a
 * subset, the fixtures); the official sizes where a dataset cannot be listed (absent: its task
 * will not run) and for the detection and normals data, whose readers parse annotations.
 */
async function sizesOnDisk(slugs: readonly string[], dataRoot: string): Promise<Map<DatasetSlug, SplitSizes>> {
  const found = new Map<DatasetSlug, SplitSizes>();
  const datasets = new Set(slugs.map((slug) => registry.task(slug)).map((t) => t.dataset));
  const listable = new Set<string>(CLASSIFICATION_SLUGS);
  for (const dataset of datasets) {
    if (!listable.has(dataset)) continue;
    try {
      const { splits } = await readDataset(dataset, dataRoot);
      found.set(dataset, { train: splits.train.length, val: splits.val?.length ?? 0, test: splits.test.length });
    } catch {
      // Absent or malformed: the task reports that itself; its estimate stays at the official size.
    }
  }
  return found;
}

/**
 * Calibrates this host (under a second) and prices each task at its dataset's size under
 * `dataRoot` (official sizes without one).
 */
export async function estimateRun(
  slugs: readonly string[],
  info: Pick<ModelInfo, 'featureShape' | 'cost'>,
  opts: { threads?: number | undefined; dataRoot?: string; episodes?: number | undefined } = {},
): Promise<RunEstimate> {
  const rates = await calibrateHost(info.cost.gflopsPerImage, opts.threads ?? 0);
  const onDisk = opts.dataRoot ? await sizesOnDisk(slugs, opts.dataRoot) : new Map<DatasetSlug, SplitSizes>();
  const sizes = (d: DatasetSlug) => onDisk.get(d) ?? DATASET_SPLIT_SIZES[d];
  const estimates = taskShapes(slugs, featureDim(info), sizes, opts.episodes).map((s) => estimateTask(s, rates));
  return { estimates, rates, tracker: new EtaTracker(estimates, rates) };
}

/** What `evaluate` prints before it starts: each task's estimate, then the total and its basis. */
export function estimateLines({ estimates, rates }: Pick<RunEstimate, 'estimates' | 'rates'>): string[] {
  const total = estimates.reduce((s, e) => s + e.seconds, 0);
  return [
    ...estimates.map(
      (e) =>
        `estimate ${e.slug}: ${formatSeconds(e.seconds)} ` +
        `(features ${formatSeconds(e.extractionSeconds)}, probe ${formatSeconds(e.probeSeconds)})`,
    ),
    `estimate: ${formatSeconds(total)} for ${estimates.length} task(s) at the sizes of the data (${rates.basis})`,
  ];
}

/** Records a finished task (only measured ones say how fast the host is) and says what is left. */
export function taskFinished(run: RunEstimate, result: TaskResult, wallSeconds: number): string {
  run.tracker.settle(result.task, result.status === 'ok', wallSeconds);
  const left = run.tracker.secondsLeft();
  return `estimate: ${formatSeconds(left)} left (× ${run.tracker.ratio().toFixed(2)}, actual / estimated so far)`;
}
