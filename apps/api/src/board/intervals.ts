import { Worker } from 'node:worker_threads';
import type { Aggregate, Cell } from '@transferboard/suite/aggregate';
import type { Board } from '@transferboard/suite/comparability';
import { bootstrapBoardRankIntervals, type RankInterval } from '@transferboard/suite/rank-intervals';
import type { IntervalJob } from './interval-worker';

/**
 * Boards up to this many rows are bootstrapped in-process on the first request that asks (a few
 * milliseconds); larger ones in a worker thread as soon as the board is built, so the event loop
 * (`/healthz`, every other request) never waits for a bootstrap of seconds.
 */
export const INLINE_INTERVAL_ROWS = 1000;

/** A board's rank intervals: ready, or still being computed (then `rankInterval` is null and says so). */
export interface BoardIntervals {
  /** The intervals once computed; null while a worker computes them. */
  get(): Map<string, RankInterval> | null;
  /** True while a worker computes them (never for a board bootstrapped in-process). */
  pending(): boolean;
  /** Settles when they are computed (for tests and benchmarks). */
  ready: Promise<void>;
}

export function boardIntervals(
  board: Board,
  cells: Cell[],
  aggregate: Aggregate,
  inlineRows = INLINE_INTERVAL_ROWS,
  onError: (error: unknown) => void = () => {},
): BoardIntervals {
  if (board.rows.length <= inlineRows) {
    let intervals: Map<string, RankInterval> | undefined;
    const get = () => (intervals ??= bootstrapBoardRankIntervals(board, aggregate));
    return { get, pending: () => false, ready: Promise.resolve() };
  }
  let intervals: Map<string, RankInterval> | null = null;
  const job: IntervalJob = { taskSlugs: board.tasks.map((t) => t.slug), cells, aggregate };
  const ready = inWorker(job).then(
    (entries) => {
      intervals = new Map(entries);
    },
    // A failed bootstrap leaves the intervals pending for this data version; the next one retries.
    onError,
  );
  return { get: () => intervals, pending: () => intervals === null, ready };
}

function inWorker(job: IntervalJob): Promise<[string, RankInterval][]> {
  // A JavaScript entry that loads the TypeScript worker through tsx, under the API and vitest alike.
  const worker = new Worker(new URL('./interval-worker-entry.mjs', import.meta.url));
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (entries: [string, RankInterval][]) => {
      resolve(entries);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the rank-interval worker exited with code ${code}`)));
    worker.postMessage(job);
  });
}
