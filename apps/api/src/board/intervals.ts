import { prepareBoard } from '@transferboard/suite/comparability';
import { bootstrapBoardRankIntervals, type RankInterval } from '@transferboard/suite/rank-intervals';
import { registry } from '@transferboard/suite/registry';
import { inWorker } from './in-worker';
import { unpackCells } from './packed-cells';
import type { IntervalJob } from './interval-worker';

/**
 * Boards up to this many rows are bootstrapped in-process on the first request that asks (a few
 * milliseconds); larger ones in a worker thread as soon as the board is built, so the event loop
 * (`/healthz`, every other request) never waits for a bootstrap of seconds.
 */
export const INLINE_INTERVAL_ROWS = 1000;

/**
 * Where a board's intervals are: bootstrapped in-process on first use (`inline`), being computed
 * in a worker, computed, failed, or cancelled because the board was superseded or evicted.
 */
type IntervalState = 'inline' | 'computing' | 'ready' | 'failed' | 'cancelled';

/** A board's rank intervals: ready, or still being computed (then `rankInterval` is null and says so). */
export interface BoardIntervals {
  /** The intervals once computed; null while a worker computes them. */
  get(): Map<string, RankInterval> | null;
  /** True while a worker computes them (never for a board bootstrapped in-process). */
  pending(): boolean;
  /** Settles when they are computed, have failed or were cancelled (for tests and benchmarks). */
  ready: Promise<void>;
  state(): IntervalState;
  /**
   * Stops a worker's bootstrap that nobody will read any more: the store calls it when the board
   * is superseded by a newer data version or evicted, so a write followed by a read does not
   * compete with tens of seconds of stale bootstrap CPU. A no-op once computed.
   */
  cancel(): void;
}

/** Bootstraps stopped by `cancel` since the process started (for tests and logs). */
export const intervalJobs = { started: 0, cancelled: 0 };

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
        unpackCells(job.cells),
      );
    const get = () => (intervals ??= bootstrapBoardRankIntervals(board(), job.aggregate));
    return { get, pending: () => false, ready: Promise.resolve(), state: () => 'inline', cancel: () => {} };
  }
  let intervals: Map<string, RankInterval> | null = null;
  let state: IntervalState = 'computing';
  const abort = new AbortController();
  const entry = new URL('./interval-worker-entry.mjs', import.meta.url);
  intervalJobs.started++;
  const ready = inWorker<IntervalJob, [string, RankInterval][]>(entry, job, abort.signal).then(
    (entries) => {
      intervals = new Map(entries);
      state = 'ready';
    },
    (error: unknown) => {
      if (abort.signal.aborted) return;
      // A failed bootstrap leaves the intervals pending for this data version; the next one retries.
      state = 'failed';
      onError(error);
    },
  );
  const cancel = () => {
    if (state !== 'computing') return;
    state = 'cancelled';
    intervalJobs.cancelled++;
    abort.abort();
  };
  return { get: () => intervals, pending: () => intervals === null, ready, state: () => state, cancel };
}
