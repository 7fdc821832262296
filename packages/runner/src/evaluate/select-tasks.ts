import { registry } from '@transferboard/suite/registry';
import type { TaskDef } from '@transferboard/suite/types';
import { ProbeInputError } from '../probes/probe-input';

/** The suite's tasks in suite order, or the ones asked for in the order asked; a task outside the suite is refused. */
export function selectTasks(suiteSlug: string, only: string[] | undefined): TaskDef[] {
  const all = registry.suiteTasks(suiteSlug);
  if (!only?.length) return all;
  return only.map((slug) => {
    const task = registry.task(slug);
    if (!all.includes(task)) throw new ProbeInputError(`task '${slug}' is not in suite '${suiteSlug}'`);
    return task;
  });
}
