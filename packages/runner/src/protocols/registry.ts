import { closest } from '@transferboard/suite/registry';
import { PROTOCOLS, RUNNER_PROTOCOL_IDS, type RunnerProtocolId } from '@transferboard/suite/protocols';
import type { TaskDef } from '@transferboard/suite/types';
import { runDetectionTask, runNormalsTask } from './dense';
import { runFewShotTask } from './few-shot';
import { runLinearTask } from './linear';
import type { ProtocolContext, TaskResult, TaskWith } from './types';

/**
 * The one dispatch from a task to the code that measures it: keyed by protocol id, never by task
 * slug or category. Each entry implements one version of its protocol; a task whose protocol
 * id is unknown here, or whose version is not the implemented one, fails loudly instead of
 * being measured by something else.
 */
type ProtocolRunner<K extends RunnerProtocolId> = (task: TaskWith<K>, ctx: ProtocolContext) => Promise<TaskResult>;

const RUNNERS = {
  'linear-lbfgs': runLinearTask,
  'fewshot-protonet': runFewShotTask,
  'detection-frozen-probe': runDetectionTask,
  'normals-frozen-probe': runNormalsTask,
} satisfies { [K in RunnerProtocolId]: ProtocolRunner<K> };

/** The protocol versions this runner implements: the suite's current ones. */
export const IMPLEMENTED: Readonly<Record<RunnerProtocolId, number>> = Object.fromEntries(
  RUNNER_PROTOCOL_IDS.map((id) => [id, PROTOCOLS[id].version]),
) as Record<RunnerProtocolId, number>;

export class UnknownProtocolError extends Error {
  constructor(
    readonly task: string,
    readonly protocol: { id: string; version: number },
    detail: string,
  ) {
    super(`task ${task}: ${detail}`);
    this.name = 'UnknownProtocolError';
  }
}

/** The runner for a task's protocol; throws UnknownProtocolError for an id or version this runner does not implement. */
export function protocolRunner(task: TaskDef): (ctx: ProtocolContext) => Promise<TaskResult> {
  const spec = task.protocol;
  if (!spec) throw new Error(`task ${task.slug} has no runner protocol`);
  const id: string = spec.id;
  if (!Object.hasOwn(RUNNERS, id)) {
    const hint = closest(id, Object.keys(RUNNERS));
    throw new UnknownProtocolError(
      task.slug,
      spec,
      `no runner for protocol '${id}'${hint ? ` (did you mean '${hint}'?)` : ''}; this runner implements ${Object.keys(RUNNERS).join(', ')}`,
    );
  }
  const implemented = IMPLEMENTED[id as RunnerProtocolId];
  if (spec.version !== implemented) {
    throw new UnknownProtocolError(
      task.slug,
      spec,
      `protocol ${id} v${spec.version} is not the version this runner implements (v${implemented}); update the runner`,
    );
  }
  const run = RUNNERS[id as RunnerProtocolId] as ProtocolRunner<RunnerProtocolId>;
  return (ctx) => run(task as TaskWith<RunnerProtocolId>, ctx);
}
