import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/** How long the lists the API serves can be today: the live side of its query cost analysis. */
export interface ListSizes {
  models: number;
  suites: number;
  tasks: number;
  results: number;
  submissions: number;
  /** Distinct (model, source) pairs with results: the most rows a leaderboard or correlation can have. */
  boardRows: number;
  /** The longest suite, in tasks. */
  tasksPerSuite: number;
  /** The most results any model has. */
  resultsPerModel: number;
  /** The most results any (task, metric) has: the most entries a task's ranking can have. */
  resultsPerTaskMetric: number;
  /** The longest status history of any submission. */
  eventsPerSubmission: number;
  /** The most properties any model has. */
  propertiesPerModel: number;
  /** The most devices × precisions × batch sizes any model was timed on (Model.costs). */
  costsPerModel: number;
}

/** One statement: counts and per-parent maxima (each an index scan or a small aggregate). */
export async function findListSizes(db: Db): Promise<ListSizes> {
  const result = await db.execute(sql`select
      (select count(*) from models) as models,
      (select count(*) from suites) as suites,
      (select count(*) from tasks) as tasks,
      (select count(*) from results) as results,
      (select count(*) from submissions) as submissions,
      (select count(*) from (select distinct model_id, source from results) b) as board_rows,
      (select coalesce(max(n), 0) from (select count(*) as n from suite_tasks group by suite_slug) s)
        as tasks_per_suite,
      (select coalesce(max(n), 0) from (select count(*) as n from results group by model_id) r) as results_per_model,
      (select coalesce(max(n), 0) from (select count(*) as n from results group by task_slug, metric) t)
        as results_per_task_metric,
      (select coalesce(max(n), 0) from (select count(*) as n from status_events group by submission_id) e)
        as events_per_submission,
      (select coalesce(max(jsonb_array_length(properties)), 0) from models) as properties_per_model,
      (select coalesce(max(n), 0) from (select count(distinct (device, precision, batch_size)) as n
        from throughput_measurements group by model_id) c) as costs_per_model`);
  const row = (result as unknown as { rows: Record<string, number | string>[] }).rows[0]!;
  const n = (key: string) => Number(row[key] ?? 0);
  return {
    models: n('models'),
    suites: n('suites'),
    tasks: n('tasks'),
    results: n('results'),
    submissions: n('submissions'),
    boardRows: n('board_rows'),
    tasksPerSuite: n('tasks_per_suite'),
    resultsPerModel: n('results_per_model'),
    resultsPerTaskMetric: n('results_per_task_metric'),
    eventsPerSubmission: n('events_per_submission'),
    propertiesPerModel: n('properties_per_model'),
    costsPerModel: n('costs_per_model'),
  };
}
