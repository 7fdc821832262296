import { findLeaderboardCells, type LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import { findModelsByIds, type ModelRow } from '@transferboard/db/queries/find-model';
import {
  changedModels,
  findResultFingerprints,
  type ResultFingerprints,
} from '@transferboard/db/queries/find-result-fingerprints';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import type { Db } from '@transferboard/db/client';
import type { Aggregate } from '@transferboard/suite/aggregate';
import type { ResultSource } from '@transferboard/suite/types';
import { nextTurn } from '../limits/turns';

/** What a view's board is made of, kept with the board so the next data version reloads only what changed. */
export interface BoardSource {
  /** Each model's cells in the view, in the order the full statement returns them. */
  cellsByModel: Map<string, LeaderboardCell[]>;
  models: Map<string, ModelRow>;
  /** The results' fingerprints read before the cells; null for a board as of a past moment. */
  fingerprints: ResultFingerprints | null;
  taskKey: string;
  /** How this board was loaded: every cell, or only the changed models' (their ids: `changed`). */
  loaded: { full: boolean; models: number; changed: string[] };
}

export interface View {
  suite: string;
  tasks: TaskRow[];
  source: ResultSource | null;
  aggregate: Aggregate;
  asOf: Date | undefined;
  includeStale: boolean;
}

/** Past this share of changed models, one full statement is cheaper than reloading them by id. */
const INCREMENTAL_SHARE = 0.2;

/**
 * A view's cells and models at the current data. With the previous board's source, only the
 * models whose current results changed are read again (`findResultFingerprints`: one grouped
 * statement over current results, then those models' cells and rows); a change of protocol or
 * task versions, of the view's tasks, or of a large share of models reads everything. A board
 * as of a past moment is always read in full. The fingerprints are read before the cells, so a
 * write committed in between is seen as a change next time (read again, never missed).
 */
export async function loadBoardSource(db: Db, view: View, previous?: BoardSource): Promise<BoardSource> {
  const taskKey = view.tasks.map((t) => t.slug).join();
  const opts = { source: view.source ?? undefined, asOf: view.asOf, includeStale: view.includeStale };
  const fingerprints = view.asOf ? null : await findResultFingerprints(db);
  await nextTurn();
  const changed =
    fingerprints && previous?.fingerprints && previous.fingerprints.global === fingerprints.global
      ? changedModels(previous.fingerprints.byModel, fingerprints.byModel)
      : null;
  if (
    !previous ||
    !changed ||
    previous.taskKey !== taskKey ||
    changed.length > Math.max(50, fingerprints!.byModel.size * INCREMENTAL_SHARE)
  ) {
    const cells = await findLeaderboardCells(db, view.suite, opts);
    await nextTurn();
    const byModel = groupByModel(cells);
    const models = new Map((await findModelsByIds(db, [...byModel.keys()])).map((m) => [m.id, m]));
    const cellsByModel = inSlugOrder(byModel, models);
    return {
      cellsByModel,
      models,
      fingerprints,
      taskKey,
      loaded: { full: true, models: cellsByModel.size, changed: [] },
    };
  }
  const reloaded = changed.length ? await findLeaderboardCells(db, view.suite, { ...opts, modelIds: changed }) : [];
  const cellsByModel = new Map(previous.cellsByModel);
  const models = new Map(previous.models);
  for (const id of changed) {
    cellsByModel.delete(id);
    models.delete(id);
  }
  for (const [id, cells] of groupByModel(reloaded)) cellsByModel.set(id, cells);
  for (const m of await findModelsByIds(
    db,
    [...cellsByModel.keys()].filter((id) => !models.has(id)),
  ))
    models.set(m.id, m);
  return {
    cellsByModel: inSlugOrder(cellsByModel, models),
    models,
    fingerprints,
    taskKey,
    loaded: { full: false, models: changed.length, changed },
  };
}

/** Every cell of the source, by model slug (in JavaScript's order on both paths), then task position. */
export function sourceCells(source: BoardSource): LeaderboardCell[] {
  return [...source.cellsByModel.values()].flat();
}

function groupByModel(cells: readonly LeaderboardCell[]): Map<string, LeaderboardCell[]> {
  const byModel = new Map<string, LeaderboardCell[]>();
  for (const c of cells) {
    const list = byModel.get(c.modelId);
    if (list) list.push(c);
    else byModel.set(c.modelId, [c]);
  }
  return byModel;
}

/** Models in slug order, on both paths, so a full and an incremental load aggregate the same input. */
function inSlugOrder(
  byModel: Map<string, LeaderboardCell[]>,
  models: Map<string, ModelRow>,
): Map<string, LeaderboardCell[]> {
  const slug = (id: string) => models.get(id)?.slug ?? '';
  return new Map([...byModel].sort(([a], [b]) => (slug(a) < slug(b) ? -1 : slug(a) > slug(b) ? 1 : 0)));
}

/**
 * A built board's heap size, estimated from what it holds; measured with `node --expose-gc` on
 * 10,000 rows × 25 tasks: 227 bytes per aggregated cell and 184 per source cell (about 100 MB in
 * all), and about a kilobyte per row for its category scores, basis and keys.
 */
export function boardBytes(board: { rows: readonly { cells: readonly unknown[] }[]; source: BoardSource }): number {
  let cells = 0;
  for (const r of board.rows) cells += r.cells.length;
  let sourceCells = 0;
  for (const list of board.source.cellsByModel.values()) sourceCells += list.length;
  return board.rows.length * 1024 + cells * 227 + sourceCells * 184;
}
