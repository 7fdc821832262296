import type { TaskDef } from '@transferboard/suite/types';
import { DatasetError } from '../datasets/errors';
import { ImageDecodeError } from '../images/preprocess';
import { ProbeInputError } from '../probes/probe-input';
import { emptyResult, type TaskResult } from '../protocols/types';

/**
 * Which errors end one task rather than the evaluation: trouble with the user's data (a missing
 * or malformed dataset, an undecodable image) or with what the model produced for it. The task
 * is reported with the reason, and the other tasks still run. Anything else (a bug, a model or
 * device that cannot work at all) returns null: the caller rethrows it.
 */
export function taskFailure(task: TaskDef, err: unknown): TaskResult | null {
  if (err instanceof DatasetError)
    return emptyResult(task, err.kind === 'missing' ? 'missing-data' : 'failed', err.message);
  if (err instanceof ProbeInputError || err instanceof ImageDecodeError)
    return emptyResult(task, 'failed', err.message);
  return null;
}
