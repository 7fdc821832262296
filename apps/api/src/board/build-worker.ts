import type { LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import { parentPort } from 'node:worker_threads';
import { buildRows, type BuildAnswer, type BuildRequest, type BuiltRow } from './board-build';
import { diffRows } from './board-delta';

/**
 * Worker thread: large boards' aggregation, off the API's event loop (board/board-build.ts). It
 * stays up between builds, so a rebuild after a write does not pay a thread's start and load,
 * and it keeps the cells and rows of its latest builds: an update sends only the changed
 * models' cells, and gets back only the rows that differ from the board it updates. A build
 * that was updated is dropped (its board is superseded), so one build per view is kept, and at
 * most KEPT in all (about 110 MB each at 10,000 models); an update whose base was dropped is
 * answered `missingBase` and sent again in full.
 */
const KEPT = 4;
const kept = new Map<number, { byModel: Map<string, LeaderboardCell[]>; rows: BuiltRow[] }>();
let tokens = 0;

function answer(req: BuildRequest): BuildAnswer {
  const base = req.base === null ? undefined : kept.get(req.base);
  if (req.base !== null && !base) return { id: req.id, missingBase: true };
  const given = new Map<string, LeaderboardCell[]>();
  for (const c of req.cells) {
    const list = given.get(c.modelId);
    if (list) list.push(c);
    else given.set(c.modelId, [c]);
  }
  const changed = new Set(req.changed);
  const byModel = new Map<string, LeaderboardCell[]>();
  for (const id of req.order) {
    const cells = base && !changed.has(id) ? base.byModel.get(id) : given.get(id);
    if (cells) byModel.set(id, cells);
  }
  const built = buildRows({ tasks: req.tasks, cells: [...byModel.values()].flat(), aggregate: req.aggregate });
  const token = ++tokens;
  if (req.base !== null) kept.delete(req.base);
  kept.set(token, { byModel, rows: built.rows });
  for (const old of kept.keys()) if (kept.size > KEPT) kept.delete(old);
  if (!base) return { id: req.id, token, columns: built.columns, rows: built.rows };
  return { id: req.id, token, columns: built.columns, deltas: diffRows(base.rows, built.rows) };
}

parentPort!.on('message', (req: BuildRequest) => {
  try {
    parentPort!.postMessage(answer(req));
  } catch (error) {
    parentPort!.postMessage({ id: req.id, error: error instanceof Error ? error.message : String(error) });
  }
});
