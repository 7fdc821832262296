import { registry } from '@transferboard/suite/registry';
import { datasetImages, DETECTION_EXTRA_TRAIN } from '@transferboard/suite/dataset-sizes';
import type { TaskCategory } from '@transferboard/suite/types';

/**
 * Seconds per image on a slow host (a 2-core CPU: a ResNet-50 forward pass with decoding ≈ 0.1 s,
 * docs/runner.md), by protocol: linear adds the 45-point L2 grid of L-BFGS fits, few-shot adds
 * episodes that cost next to nothing, the frozen dense probes extract and fit spatial maps.
 */
const SECONDS_PER_IMAGE: Record<TaskCategory, number> = {
  linear: 0.15,
  few_shot: 0.1,
  detection: 0.5,
  dense: 1,
  finetune: 0,
};
/** Loading onnxruntime and the model, listing the dataset, the episodes' fixed cost. */
const FIXED_SECONDS = 600;
/** Head-room over the slow-host estimate: a limit ends runaway tasks, not slow ones (stalls end hung ones sooner). */
const MARGIN = 4;

export interface TimeLimitSettings {
  /** Multiplies every derived limit (--task-time-scale): below 1 on fast GPU hosts, above on slow ones. */
  scale: number;
  /** One limit for every task, in seconds (--task-time-limit), instead of the derived ones. */
  fixedSeconds: number | null;
}

const DEFAULT_TIME_LIMITS: TimeLimitSettings = { scale: 1, fixedSeconds: null };

export interface TaskTimeLimit {
  seconds: number;
  /** How it was set, for the failure reason. */
  basis: string;
}

/** The wall-clock limit of one task: from its expected cost (images × its protocol's cost per image), or fixed. */
export function taskTimeLimit(taskSlug: string, settings: TimeLimitSettings = DEFAULT_TIME_LIMITS): TaskTimeLimit {
  if (settings.fixedSeconds !== null) return { seconds: settings.fixedSeconds, basis: 'set by --task-time-limit' };
  const task = registry.task(taskSlug);
  // Every image of the official splits (VOC detection also reads VOC2012 trainval).
  const images = datasetImages(task.dataset) + (task.category === 'detection' ? DETECTION_EXTRA_TRAIN : 0);
  const estimate = FIXED_SECONDS + MARGIN * images * SECONDS_PER_IMAGE[task.category];
  const seconds = Math.max(60, Math.round(estimate * settings.scale));
  const scaled = settings.scale === 1 ? '' : `, × ${settings.scale} (--task-time-scale)`;
  return {
    seconds,
    basis: `from ${images.toLocaleString('en-US')} images at the ${task.category} protocol's cost${scaled}`,
  };
}

/**
 * The settings from flags, else the environment (TRANSFERBOARD_TASK_TIME_LIMIT in seconds,
 * TRANSFERBOARD_TASK_TIME_SCALE); a bad value throws a message naming it.
 */
export function timeLimitSettings(
  flags: { taskTimeLimit?: number; taskTimeScale?: number },
  env: NodeJS.ProcessEnv = process.env,
): TimeLimitSettings {
  const number = (name: string, raw: string | undefined, flag: string): number | undefined => {
    if (raw === undefined || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0)
      throw new RangeError(`${name}="${raw}" must be a positive number (or use ${flag})`);
    return n;
  };
  const fixed =
    flags.taskTimeLimit ??
    number('TRANSFERBOARD_TASK_TIME_LIMIT', env.TRANSFERBOARD_TASK_TIME_LIMIT, '--task-time-limit');
  const scale =
    flags.taskTimeScale ??
    number('TRANSFERBOARD_TASK_TIME_SCALE', env.TRANSFERBOARD_TASK_TIME_SCALE, '--task-time-scale') ??
    1;
  return { scale, fixedSeconds: fixed ?? null };
}
