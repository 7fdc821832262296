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

/**
 * At most 16 models a statement: on embedded PGlite a statement runs in the API's own event loop,
 * and a few thousand rows at once would hold it for a long stretch (limits/turns.ts).
 */
const MODELS_PER_STATEMENT = 16;

function chunks<T>(xs: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
}

const filterOf = (k: ResultsKey) => JSON.stringify([k.suite ?? null, k.task ?? null, k.source ?? null]);

/**
 * Model.results for many models: the keys are grouped by their filter, and each group is one
 * statement per 16 of its models, so `models { results }` costs a statement per 16 models, not
 * one per model.
 */
export function createResultsByModelLoader(db: Db): DataLoader<ResultsKey, ResultRow[], string> {
  return new DataLoader<ResultsKey, ResultRow[], string>(
    sliced(async (keys) => {
      const groups = new Map<string, ResultsKey[]>();
      for (const k of keys) groups.set(filterOf(k), [...(groups.get(filterOf(k)) ?? []), k]);
      const answers = new Map<string, ResultRow[]>();
      await Promise.all(
        [...groups.values()].flatMap((group) => {
          const { suite, task, source } = group[0]!;
          const modelIds = [...new Set(group.map((k) => k.modelId))];
          for (const id of modelIds) answers.set(`${id}|${filterOf(group[0]!)}`, []);
          return chunks(modelIds, MODELS_PER_STATEMENT).map(async (ids) => {
            const rows = await listResults(db, { modelIds: ids, suite, taskSlugs: task ? [task] : undefined, source });
            for (const row of rows) answers.get(`${row.modelId}|${filterOf(group[0]!)}`)!.push(row);
          });
        }),
      );
      return keys.map((k) => answers.get(`${k.modelId}|${filterOf(k)}`) ?? []);
    }),
    { ...BATCH_OPTIONS, cacheKeyFn: (k) => `${k.modelId}|${filterOf(k)}` },
  );
}
