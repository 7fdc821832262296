import DataLoader from 'dataloader';
import type { Db } from '@transferboard/db/client';
import { findModelsByIds, type ModelRow } from '@transferboard/db/queries/find-model';
import { listTasks } from '@transferboard/db/queries/list-tasks';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import type { Logger } from 'pino';

export interface ApiContext {
  db: Db;
  requestId: string;
  log: Logger;
  loaders: Loaders;
}

export interface Loaders {
  modelById: DataLoader<string, ModelRow | null>;
  /** Every task, loaded once per request: there are tens of tasks, so one statement serves all. */
  tasks: () => Promise<Map<string, TaskRow>>;
}

/** Per-request batching loaders: many models or tasks in a response cost one statement each. */
export function createLoaders(db: Db): Loaders {
  let tasks: Promise<Map<string, TaskRow>> | undefined;
  return {
    modelById: new DataLoader(async (ids) => {
      const rows = await findModelsByIds(db, ids);
      const byId = new Map(rows.map((m) => [m.id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    tasks: () => (tasks ??= listTasks(db).then((rows) => new Map(rows.map((t) => [t.slug, t])))),
  };
}
