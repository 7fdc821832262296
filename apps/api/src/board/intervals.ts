import { prepareBoard } from '@transferboard/suite/comparability';
import { bootstrapBoardRankIntervals, type RankInterval } from '@transferboard/suite/rank-intervals';
import { registry } from '@transferboard/suite/registry';
import { inWorker } from './in-worker';
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
  rowCount: number,
  job: IntervalJob,
  inlineRows = INLINE_INTERVAL_ROWS,
  onError: (error: unknown) => void = () => {},
): BoardIntervals {
  if (rowCount <= inlineRows) {
    let intervals: Map<string, RankInterval> | undefined;
    const board = () =>
      prepareBoard(
        job.taskSlugs.map((s) => registry.task(s)),
        job.cells,
      );
    const get = () => (intervals ??= bootstrapBoardRankIntervals(board(), job.aggregate));
    return { get, pending: () => false, ready: Promise.resolve() };
  }
  let intervals: Map<string, RankInterval> | null = null;
  const entry = new URL('./interval-worker-entry.mjs', import.meta.url);
  const ready = inWorker<IntervalJob, [string, RankInterval][]>(entry, job).then(
    (entries) => {
      intervals = new Map(entries);
    },
    // A failed bootstrap leaves the intervals pending for this data version; the next one retries.
    onError,
  );
  return { get: () => intervals, pending: () => intervals === null, ready };
}
