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
    // Classification tasks say which copy of the data they read (datasets/fingerprint.ts).
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
