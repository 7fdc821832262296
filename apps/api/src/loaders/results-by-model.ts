import DataLoader from 'dataloader';
import type { Db } from '@transferboard/db/client';
import { listResults, type ResultRow } from '@transferboard/db/queries/list-results';
import { BATCH_OPTIONS, sliced } from './batch-options';

/** Model.results(suite, task, source) of one model. */
export interface ResultsKey {
  modelId: string;
  suite?: string;
  task?: string;
  source?: 'reported' | 'measured';
}

const filterOf = (k: ResultsKey) => JSON.stringify([k.suite ?? null, k.task ?? null, k.source ?? null]);

/**
 * Model.results for many models: the keys are grouped by their filter, and each group is one
 * statement over all its models, so `models { results }` costs one statement, not one per model.
 */
export function createResultsByModelLoader(db: Db): DataLoader<ResultsKey, ResultRow[], string> {
  return new DataLoader<ResultsKey, ResultRow[], string>(
    sliced(async (keys) => {
      const groups = new Map<string, ResultsKey[]>();
      for (const k of keys) groups.set(filterOf(k), [...(groups.get(filterOf(k)) ?? []), k]);
      const answers = new Map<string, ResultRow[]>();
      await Promise.all([...groups.values()].map(async (group) => {
        const { suite, task, source } = group[0]!;
        const modelIds = [...new Set(group.map((k) => k.modelId))];
        const rows = await listResults(db, { modelIds, suite, taskSlugs: task ? [task] : undefined, source });
        for (const id of modelIds) answers.set(`${id}|${filterOf(group[0]!)}`, []);
        for (const row of rows) answers.get(`${row.modelId}|${filterOf(group[0]!)}`)!.push(row);
      }));
      return keys.map((k) => answers.get(`${k.modelId}|${filterOf(k)}`) ?? []);
    }),
    // At most 16 models a statement: on embedded PGlite a statement runs in the API's own event
    // loop, and a few thousand rows at once would hold it for a long stretch (limits/turns.ts).
    { ...BATCH_OPTIONS, maxBatchSize: 16, cacheKeyFn: (k) => `${k.modelId}|${filterOf(k)}` },
  );
}
