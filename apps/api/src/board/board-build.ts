import type { LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import { aggregateBoard, type Aggregate, type Cell } from '@transferboard/suite/aggregate';
import { prepareBoard } from '@transferboard/suite/comparability';
import { registry } from '@transferboard/suite/registry';
import type { ResultSource } from '@transferboard/suite/types';
import type { LeaderboardColumnParent, LeaderboardRowParent } from '../mappers';
import { Worker } from 'node:worker_threads';
import type { BoardSource } from './board-load';
import { applyDelta, type RowDelta } from './board-delta';
import { rowKey } from './packed-cells';

/** What a board's aggregation needs: the view's tasks, its cells and the aggregate. */
export interface BuildJob {
  tasks: TaskRow[];
  cells: LeaderboardCell[];
  aggregate: Aggregate;
}

/** A row as aggregation makes it; the store adds its rank intervals and its model. */
export type BuiltRow = Omit<LeaderboardRowParent, 'rankIntervals' | 'model'>;

export interface BuiltRows {
  columns: LeaderboardColumnParent[];
  rows: BuiltRow[];
}

/**
 * Boards with more cells than this (about 1,000 models at 25 tasks) are aggregated in a worker
 * thread: at 10,000 models aggregation takes seconds, which would otherwise stall every request.
 */
export const INLINE_BUILD_CELLS = 25_000;

/** The cells as aggregation takes them: a row is a model's results from one source. */
function aggregationCells(cells: readonly LeaderboardCell[]): Cell[] {
  return cells.map((c) => ({
    row: rowKey(c),
    task: c.taskSlug,
    value: c.value,
    protocolId: c.protocolId,
    protocolVersion: c.protocolVersion,
  }));
}

/** What the board it is updated from holds: its rows, and the build worker's token for its cells (null: none). */
export interface BuildBase {
  token: number | null;
  rows: readonly BuiltRow[];
}

/** A build's rows and the worker's token for the cells it kept (null for a build in-process). */
export interface Built extends BuiltRows {
  token: number | null;
}

/** A request to the build worker: the view, its models in order, and the cells it lacks. */
export interface BuildRequest {
  id: number;
  tasks: TaskRow[];
  aggregate: Aggregate;
  /** The token of the kept build this updates, or null to build from `cells` alone. */
  base: number | null;
  /** Every model of the board, in the order its cells are aggregated. */
  order: string[];
  /** Models whose cells are `cells`' (the others are the base's). */
  changed: string[];
  cells: LeaderboardCell[];
}

export type BuildAnswer =
  | { id: number; token: number; columns: LeaderboardColumnParent[]; rows?: BuiltRow[]; deltas?: RowDelta[] }
  | { id: number; missingBase: true }
  | { id: number; error: string };

/**
 * Aggregates a view in-process, or in a worker thread when it is large. A large board updated
 * from `previous` (loaded incrementally, board-load.ts) sends the worker only the changed models'
 * cells and gets back only the rows that changed; the worker having lost the base (restarted,
 * or kept newer builds since) costs one full request.
 */
export async function buildRowsOffLoop(
  view: { tasks: TaskRow[]; aggregate: Aggregate },
  source: BoardSource,
  previous?: BuildBase,
  inlineCells = INLINE_BUILD_CELLS,
): Promise<Built> {
  let count = 0;
  for (const cells of source.cellsByModel.values()) count += cells.length;
  if (count <= inlineCells)
    return { ...buildRows({ ...view, cells: [...source.cellsByModel.values()].flat() }), token: null };
  const order = [...source.cellsByModel.keys()];
  const worker = builder();
  const job = { tasks: view.tasks, aggregate: view.aggregate };
  if (previous?.token != null && !source.loaded.full) {
    const changed = source.loaded.changed;
    const cells = changed.flatMap((id) => source.cellsByModel.get(id) ?? []);
    const answer = await worker.ask({ ...job, base: previous.token, order, changed, cells });
    if (!('missingBase' in answer)) {
      workerBuilds.updates++;
      return built(answer, previous.rows);
    }
  }
  workerBuilds.full++;
  return built(
    await worker.ask({ ...job, base: null, order, changed: [], cells: [...source.cellsByModel.values()].flat() }),
  );
}

/** Requests to the build worker since start: whole boards, and updates sent as changed cells (for tests and logs). */
export const workerBuilds = { full: 0, updates: 0 };

type Answered = Exclude<BuildAnswer, { error: string }>;

function built(answer: Answered, base: readonly BuiltRow[] = []): Built {
  if ('missingBase' in answer) throw new Error('the board-build worker lost a build it was not asked to update');
  const rows = answer.deltas ? applyDelta(base, answer.deltas) : answer.rows!;
  return { columns: answer.columns, rows, token: answer.token };
}

let shared: { ask: (req: Omit<BuildRequest, 'id'>) => Promise<Answered> } | null = null;

/** One worker thread for every large build, started on the first and kept (unref'd: it never holds the process). */
function builder(): { ask: (req: Omit<BuildRequest, 'id'>) => Promise<Answered> } {
  if (shared) return shared;
  const worker = new Worker(new URL('./build-worker-entry.mjs', import.meta.url));
  worker.unref();
  const waiting = new Map<number, { resolve: (b: Answered) => void; reject: (e: Error) => void }>();
  let next = 0;
  const fail = (error: Error) => {
    if (shared === self) shared = null;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', (answer: BuildAnswer) => {
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ('error' in answer) w?.reject(new Error(`the board build failed: ${answer.error}`));
    else w?.resolve(answer);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the board-build worker exited with code ${code}`)));
  const self = {
    ask: (req: Omit<BuildRequest, 'id'>) =>
      new Promise<Answered>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ ...req, id });
      }),
  };
  shared = self;
  return self;
}

/**
 * A view's columns and rows: the comparability rule and aggregation (packages/suite
 * comparability.ts and aggregate.ts; nothing here compares numbers itself), plus per-row tie
 * flags and each cell's stored interval and staleness.
 */
export function buildRows({ tasks, cells, aggregate }: BuildJob): BuiltRows {
  const input = aggregationCells(cells);
  // The board's chosen cells are the very objects passed in, so each leads back to its stored cell.
  const stored = new Map(input.map((c, i) => [c, cells[i]!]));
  const board = prepareBoard(
    tasks.map((t) => registry.task(t.slug)),
    input,
  );
  const boardRow = new Map(board.rows.map((row, i) => [row, i]));
  const columns = tasks.map((task, j) => {
    const ref = board.references[j] ?? null;
    return {
      task,
      referenceProtocol: ref && { id: ref.id, version: ref.version },
      referenceReason: ref?.reason ?? null,
    };
  });
  const aggregated = aggregateBoard(board, aggregate);
  const rankCount = new Map<string, number>();
  const tieKey = (r: { basis: string[]; rank: number | null }) => `${r.basis.join()}:${r.rank}`;
  for (const r of aggregated) if (r.rank !== null) rankCount.set(tieKey(r), (rankCount.get(tieKey(r)) ?? 0) + 1);
  const rows = aggregated.map((r): BuiltRow => {
    const [modelId, source] = r.row.split('|') as [string, ResultSource];
    const shown = board.cells[boardRow.get(r.row)!]!;
    return {
      rank: r.rank,
      rankedAmong: r.rankedAmong,
      rankTied: r.rank !== null && (rankCount.get(tieKey(r)) ?? 0) > 1,
      basis: r.basis,
      score: r.score,
      rowKey: r.row,
      modelId,
      source,
      categoryScores: r.categories,
      completeness: { tasksWithResults: r.tasksWithResults, tasks: r.tasks },
      cells: r.cells.map((c, j) => {
        const cell = shown[j];
        const from = cell ? stored.get(cell) : undefined;
        return {
          taskSlug: c.task,
          value: c.value,
          ciLow: from?.ciLow ?? null,
          ciHigh: from?.ciHigh ?? null,
          protocolId: c.protocolId,
          protocolVersion: c.protocolVersion,
          comparable: c.comparable,
          rank: c.rank,
          rankedAmong: c.rankedAmong,
          stale: (from?.staleReason ?? null) !== null,
          staleReason: from?.staleReason ?? null,
        };
      }),
    };
  });
  return { columns, rows };
}
