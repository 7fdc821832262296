import DataLoader from 'dataloader';
import type { Db } from '@transferboard/db/client';
import { listResults, type ResultRow } from '@transferboard/db/queries/list-results';
import { nextTurn } from '../limits/turns';
import { BATCH_OPTIONS, sliced } from './batch-options';

/** Model.results(suite, task, source) of one model. */
export interface ResultsKey {
  modelId: string;
  suite?: string;
  task?: string;
  source?: 'reported' | 'measured';
  /** ISO 8601 (already validated): the results current at that moment. */
  asOf?: string;
}

/**
 * At most 8 models a statement: on embedded PGlite a statement runs in the API's own event loop,
 * and a few thousand rows at once would hold it for a long stretch (limits/turns.ts).
 */
const MODELS_PER_STATEMENT = 8;

function chunks<T>(xs: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));
}

const filterOf = (k: ResultsKey) => JSON.stringify([k.suite ?? null, k.task ?? null, k.source ?? null, k.asOf ?? null]);

/**
 * Model.results for many models: the keys are grouped by their filter, and each group is one
 * statement per 8 of its models, so `models { results }` costs a statement per 8 models, not
 * one per model.
 */
export function createResultsByModelLoader(db: Db): DataLoader<ResultsKey, ResultRow[], string> {
  return new DataLoader<ResultsKey, ResultRow[], string>(
    sliced(async (keys) => {
      const groups = new Map<string, ResultsKey[]>();
      for (const k of keys) groups.set(filterOf(k), [...(groups.get(filterOf(k)) ?? []), k]);
      const answers = new Map<string, ResultRow[]>();
      const statements = [...groups.values()].flatMap((group) => {
        const { suite, task, source, asOf } = group[0]!;
        const modelIds = [...new Set(group.map((k) => k.modelId))];
        for (const id of modelIds) answers.set(`${id}|${filterOf(group[0]!)}`, []);
        return chunks(modelIds, MODELS_PER_STATEMENT).map((ids) => async () => {
          const rows = await listResults(db, {
            modelIds: ids,
            suite,
            taskSlugs: task ? [task] : undefined,
            source,
            asOf: asOf ? new Date(asOf) : undefined,
          });
          for (const row of rows) answers.get(`${row.modelId}|${filterOf(group[0]!)}`)!.push(row);
        });
      });
      // One after another, each on a turn of its own: issued together, PGlite would run them all
      // in one stretch of the event loop.
      for (const [i, statement] of statements.entries()) {
        if (i > 0) await nextTurn();
        await statement();
      }
      return keys.map((k) => answers.get(`${k.modelId}|${filterOf(k)}`) ?? []);
    }),
    { ...BATCH_OPTIONS, cacheKeyFn: (k) => `${k.modelId}|${filterOf(k)}` },
  );
}
