import DataLoader from 'dataloader';
import type { Db } from '@transferboard/db/client';
import { listResults, type ResultRow } from '@transferboard/db/queries/list-results';
import type { ResultSource } from '@transferboard/suite/types';
import { nextTurn } from '../limits/turns';
import { BATCH_OPTIONS, sliced } from './batch-options';

/** Task.ranking(source) of one task: the results of its primary metric. */
export interface PrimaryResultsKey {
  task: string;
  primaryMetric: string;
  source?: ResultSource;
}

/**
 * At most 16 tasks a statement, as results-by-model.ts bounds its statements: on embedded PGlite a
 * statement runs in the API's own event loop (limits/turns.ts).
 */
const TASKS_PER_STATEMENT = 16;

const keyFor = (task: string, source: ResultSource | undefined) => `${task}|${source ?? ''}`;
const keyOf = (k: PrimaryResultsKey) => keyFor(k.task, k.source);

/**
 * Task.ranking for many tasks: keys grouped by source, one statement per 16 of a group's tasks
 * (every metric of those tasks; each task keeps its primary metric's rows), so
 * `tasks { ranking }` costs a statement per 16 tasks, not one per task.
 */
export function createPrimaryResultsByTaskLoader(db: Db): DataLoader<PrimaryResultsKey, ResultRow[], string> {
  return new DataLoader<PrimaryResultsKey, ResultRow[], string>(
    sliced(async (keys) => {
      const bySource = new Map<ResultSource | undefined, PrimaryResultsKey[]>();
      for (const k of keys) bySource.set(k.source, [...(bySource.get(k.source) ?? []), k]);
      const answers = new Map<string, ResultRow[]>(keys.map((k) => [keyOf(k), []]));
      const statements = [...bySource.entries()].flatMap(([source, group]) => {
        const primary = new Map(group.map((k) => [k.task, k.primaryMetric]));
        const tasks = [...primary.keys()];
        return Array.from({ length: Math.ceil(tasks.length / TASKS_PER_STATEMENT) }, (_, i) => async () => {
          const slice = tasks.slice(i * TASKS_PER_STATEMENT, (i + 1) * TASKS_PER_STATEMENT);
          // Stale results (a newer protocol or task version exists) are not ranked, as on the leaderboard.
          for (const row of await listResults(db, { taskSlugs: slice, source, includeStale: false })) {
            if (row.metric === primary.get(row.taskSlug)) answers.get(keyFor(row.taskSlug, source))!.push(row);
          }
        });
      });
      // One after another, each on a turn of its own (as results-by-model.ts).
      for (const [i, statement] of statements.entries()) {
        if (i > 0) await nextTurn();
        await statement();
      }
      return keys.map((k) => answers.get(keyOf(k))!);
    }),
    { ...BATCH_OPTIONS, cacheKeyFn: keyOf },
  );
}
