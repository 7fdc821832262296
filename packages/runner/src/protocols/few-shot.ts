import { concatSplits } from '../evaluate/split-features';
import { runFewShot } from '../probes/few-shot';
import { ProbeInputError } from '../probes/probe-input';
import { classCountNote, emptyResult, type ProtocolContext, type TaskResult, type TaskWith } from './types';

/**
 * `fewshot-protonet`: pooled features of every split, extracted with the protocol's
 * preprocessing (the official few-shot transform; ChestX through its loader first), pooled,
 * then the protocol's episodes. Overrides of episodes or queries are recorded on the result: such
 * a number is not the protocol's.
 */
export async function runFewShotTask(task: TaskWith<'fewshot-protonet'>, ctx: ProtocolContext): Promise<TaskResult> {
  const p = task.protocol.params;
  const ds = await ctx.dataset(task.dataset);
  if (ds.multiLabel) throw new ProbeInputError(`task ${task.slug}: few-shot episodes need single-label data`);
  const t0 = performance.now();
  const splits = ['train', ...(ds.splits.val?.length ? (['val'] as const) : []), 'test'] as const;
  const pooled = concatSplits(await Promise.all(splits.map((s) => ctx.store.get(ds, s, p.preprocessing))));
  const t1 = performance.now();
  const overrides = ctx.fewShot && Object.keys(ctx.fewShot).length ? { ...ctx.fewShot } : null;
  const res = runFewShot({
    x: pooled.x,
    n: pooled.n,
    d: pooled.d,
    labels: pooled.y,
    ways: p.ways,
    shots: p.shots,
    queries: ctx.fewShot?.queries ?? p.queries,
    episodes: ctx.fewShot?.episodes ?? p.episodes,
    seed: ctx.seed ?? p.seed,
    sources: { features: `${ds.dataset} features (train+val+test)`, labels: `${ds.dataset} labels` },
  });
  return {
    ...emptyResult(task, 'ok', classCountNote(task, ds)),
    overrides,
    value: res.accuracy,
    ci95: res.ci95,
    sizes: { pooled: pooled.n, d: pooled.d, eligibleClasses: res.eligibleClasses },
    seconds: { features: (t1 - t0) / 1000, probe: res.timings.totalSeconds },
    details: {
      preprocessing: p.preprocessing,
      std: res.std,
      episodes: res.episodes,
      ways: res.ways,
      shots: res.shots,
      queries: res.queries,
    },
  };
}
