import { gridValues, runLinearProbe, type LinearMetric } from '../probes/linear-probe';
import { fitProgress } from '../progress/fit-progress';
import { ProbeInputError } from '../probes/probe-input';
import type { ClassificationDataset } from '../datasets/types';
import { classCountNote, emptyResult, type ProtocolContext, type TaskResult, type TaskWith } from './types';

const LINEAR_METRICS: Record<string, LinearMetric> = { top1: 'top1', mean_per_class: 'mean-per-class', map11: 'map11' };

/**
 * `linear-lbfgs`: pooled features of train (val, test) extracted with the protocol's
 * preprocessing, then the paper's linear probe with the protocol's grid, iteration cap,
 * validation rule and calibration. Stored secondary metrics are the paper's calibration figures.
 */
export async function runLinearTask(task: TaskWith<'linear-lbfgs'>, ctx: ProtocolContext): Promise<TaskResult> {
  const p = task.protocol.params;
  const ds = await ctx.dataset(task.dataset);
  const metric = LINEAR_METRICS[task.primaryMetric];
  if (!metric)
    throw new ProbeInputError(`task ${task.slug}: primary metric '${task.primaryMetric}' has no linear-probe scorer`);
  const t0 = performance.now();
  const train = await ctx.store.get(ds, 'train', p.preprocessing);
  const val = await validationSplit(task, ds, ctx);
  const test = await ctx.store.get(ds, 'test', p.preprocessing);
  const t1 = performance.now();
  const res = await runLinearProbe({
    train,
    ...(val ? { val } : {}),
    test,
    numClasses: ds.classes.length,
    metric,
    multiLabel: ds.multiLabel,
    seed: ctx.seed ?? (p.validation.kind === 'random' ? p.validation.seed : 0),
    ...(p.validation.kind === 'random' ? { validationFraction: p.validation.fraction } : {}),
    grid: gridValues(p.l2Grid),
    maxIter: p.solver.maxIter,
    calibration: p.calibration !== null,
    ...(ctx.threads !== undefined ? { threads: ctx.threads } : {}),
    onFit: fitProgress(ctx.progress, `${task.slug} probe`),
    sources: { train: src(ds, 'train'), ...(val ? { val: src(ds, 'val') } : {}), test: src(ds, 'test') },
  });
  const secondary: Record<string, number> = {};
  if (res.ece) {
    secondary.ece = res.ece.before;
    secondary.ece_temp_scaled = res.ece.afterTemperature;
  }
  return {
    ...emptyResult(task, 'ok', classCountNote(task, ds)),
    value: res.testScore,
    secondary,
    sizes: { ...res.sizes },
    seconds: { features: (t1 - t0) / 1000, probe: res.timings.totalSeconds },
    details: {
      chosenL2: res.chosenL2,
      chosenC: res.chosenC,
      bestValScore: res.bestValScore,
      validationSource: res.validationSource,
      ece: res.ece,
    },
  };
}

/** The protocol's validation rule: the dataset's own split, or none (the probe carves a seeded share of train). */
async function validationSplit(task: TaskWith<'linear-lbfgs'>, ds: ClassificationDataset, ctx: ProtocolContext) {
  const p = task.protocol.params;
  if (p.validation.kind === 'random') return undefined;
  if (!ds.splits.val?.length) {
    throw new ProbeInputError(
      `task ${task.slug}: its protocol selects L2 on ${ds.dataset}'s own validation split, and the data has none; check the dataset folder (datasets check)`,
    );
  }
  return ctx.store.get(ds, 'val', p.preprocessing);
}

function src(ds: ClassificationDataset, split: string) {
  return { features: `${ds.dataset} ${split} features`, labels: `${ds.dataset} ${split} labels` };
}
