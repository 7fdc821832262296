import type { LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import { aggregateBoard, type Aggregate, type Cell } from '@transferboard/suite/aggregate';
import { prepareBoard, protocolKeyString } from '@transferboard/suite/comparability';
import { registry } from '@transferboard/suite/registry';
import type { ResultSource } from '@transferboard/suite/types';
import type { LeaderboardColumnParent, LeaderboardRowParent } from '../mappers';
import { Worker } from 'node:worker_threads';

/** What a board's aggregation needs: the view's tasks, its cells and the aggregate. */
export interface BuildJob {
  tasks: TaskRow[];
  cells: LeaderboardCell[];
  aggregate: Aggregate;
}

/** A row as aggregation makes it; the store adds its rank intervals and its model. */
type BuiltRow = Omit<LeaderboardRowParent, 'rankIntervals' | 'model'>;

export interface BuiltRows {
  columns: LeaderboardColumnParent[];
  rows: BuiltRow[];
}

/**
 * Boards with more cells than this (about 1,000 models at 25 tasks) are aggregated in a worker
 * thread: at 10,000 models aggregation takes seconds, which would otherwise stall every request.
 */
export const INLINE_BUILD_CELLS = 25_000;

const rowKey = (c: Pick<LeaderboardCell, 'modelId' | 'source'>) => `${c.modelId}|${c.source}`;
const cellId = (row: string, task: string, protocolId: string, protocolVersion: number) =>
  `${row}|${task}|${protocolKeyString({ id: protocolId, version: protocolVersion })}`;

/** The cells as aggregation takes them: a row is a model's results from one source. */
export function aggregationCells(cells: readonly LeaderboardCell[]): Cell[] {
  return cells.map((c) => ({
    row: rowKey(c),
    task: c.taskSlug,
    value: c.value,
    protocolId: c.protocolId,
    protocolVersion: c.protocolVersion,
  }));
}

/** Aggregates a view in-process, or in a worker thread when it is large. */
export function buildRowsOffLoop(job: BuildJob, inlineCells = INLINE_BUILD_CELLS): Promise<BuiltRows> {
  if (job.cells.length <= inlineCells) return Promise.resolve(buildRows(job));
  return builder().build(job);
}

type Answer = { id: number; built?: BuiltRows; error?: string };

let shared: { build: (job: BuildJob) => Promise<BuiltRows> } | null = null;

/** One worker thread for every large build, started on the first and kept (unref'd: it never holds the process). */
function builder(): { build: (job: BuildJob) => Promise<BuiltRows> } {
  if (shared) return shared;
  const worker = new Worker(new URL('./build-worker-entry.mjs', import.meta.url));
  worker.unref();
  const waiting = new Map<number, { resolve: (b: BuiltRows) => void; reject: (e: Error) => void }>();
  let next = 0;
  const fail = (error: Error) => {
    if (shared === self) shared = null;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  };
  worker.on('message', ({ id, built, error }: Answer) => {
    const w = waiting.get(id);
    waiting.delete(id);
    if (built) w?.resolve(built);
    else w?.reject(new Error(`the board build failed: ${error}`));
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the board-build worker exited with code ${code}`)));
  const self = {
    build: (job: BuildJob) =>
      new Promise<BuiltRows>((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, job });
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
  const byId = new Map(cells.map((c) => [cellId(rowKey(c), c.taskSlug, c.protocolId, c.protocolVersion), c]));
  const board = prepareBoard(
    tasks.map((t) => registry.task(t.slug)),
    aggregationCells(cells),
  );
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
      cells: r.cells.map((c) => {
        const stored =
          c.value === null ? undefined : byId.get(cellId(r.row, c.task, c.protocolId!, c.protocolVersion!));
        return {
          taskSlug: c.task,
          value: c.value,
          ciLow: stored?.ciLow ?? null,
          ciHigh: stored?.ciHigh ?? null,
          protocolId: c.protocolId,
          protocolVersion: c.protocolVersion,
          comparable: c.comparable,
          rank: c.rank,
          rankedAmong: c.rankedAmong,
          stale: (stored?.staleReason ?? null) !== null,
          staleReason: stored?.staleReason ?? null,
        };
      }),
    };
  });
  return { columns, rows };
}
