import type { TaskDef } from '@transferboard/suite/types';
import { datasetFingerprint } from '../datasets/fingerprint';
import { protocolRunner } from '../protocols/registry';
import { emptyResult, type ProtocolContext, type TaskResult } from '../protocols/types';
import { taskFailure } from './task-errors';

/**
 * One task through its protocol's runner (the registry, keyed by protocol id). A task without a
 * runner protocol (fine-tuning) is reported as skipped, never silently dropped; an unknown
 * protocol throws.
 */
export async function runTask(task: TaskDef, ctx: ProtocolContext): Promise<TaskResult> {
  if (!task.protocol) {
    return emptyResult(
      task,
      'skipped',
      `${task.category} task without a runner protocol (the paper fine-tuned the whole network; this runner evaluates frozen backbones)`,
    );
  }
  const run = protocolRunner(task);
  try {
    const result = await run(ctx);
    // Every task says which copy of the data it read (datasets/fingerprint.ts). The dense probes
    // read their own datasets (VOC detection, NYUv2) and fingerprint them there; a classification
    // protocol's dataset is the context's, memoised, so fingerprinting it here reads nothing again.
    if (result.datasetFingerprint) return result;
    const classification = task.category === 'linear' || task.category === 'few_shot';
    return classification
      ? { ...result, datasetFingerprint: await datasetFingerprint(await ctx.dataset(task.dataset)) }
      : result;
  } catch (err) {
    const failed = taskFailure(task, err);
    if (failed) return failed;
    throw err;
  }
}
