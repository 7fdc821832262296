import type { ProtocolKey } from './comparability';
import type { AnalysisGroupDef, SuiteDef, TaskDef } from './types';

/**
 * The paper's analysis settings (figure 1) as data: each suite lists its groups in suites.ts;
 * these helpers resolve what a group pools. A group pools results of ONE protocol, the paper's
 * protocol of its tasks, so no correlation point mixes the paper's heads with the runner's probes.
 */

/** The metric a group correlates for one of its tasks. */
export function groupMetric(group: AnalysisGroupDef, task: TaskDef): string {
  return group.metric === 'primary' ? task.primaryMetric : group.metric;
}

/** The one protocol a group pools: its tasks' paper protocol. */
export function groupProtocol(tasks: readonly TaskDef[]): ProtocolKey {
  const [first] = tasks;
  if (!first) throw new Error('An analysis group needs at least one task');
  return { id: first.paperProtocol.id, version: first.paperProtocol.version };
}

/** Throws unless the group is well formed for the suite: its tasks in the suite, one paper protocol, the metric on every task. */
export function validateAnalysisGroup(
  suite: SuiteDef,
  group: AnalysisGroupDef,
  taskOf: (slug: string) => TaskDef,
): void {
  const where = `Analysis group "${group.slug}" of suite "${suite.slug}"`;
  if (group.taskSlugs.length === 0) throw new Error(`${where} has no tasks`);
  const tasks = group.taskSlugs.map((slug) => {
    if (!suite.taskSlugs.includes(slug)) throw new Error(`${where} names task "${slug}", which is not in the suite`);
    return taskOf(slug);
  });
  const protocol = groupProtocol(tasks);
  for (const task of tasks) {
    if (task.paperProtocol.id !== protocol.id || task.paperProtocol.version !== protocol.version) {
      throw new Error(
        `${where} mixes paper protocols: ${task.slug} is on ${task.paperProtocol.id}, not ${protocol.id}`,
      );
    }
    const metric = groupMetric(group, task);
    if (metric !== task.primaryMetric && !task.secondaryMetrics.includes(metric)) {
      throw new Error(`${where} correlates "${metric}", which task ${task.slug} does not have`);
    }
  }
}
