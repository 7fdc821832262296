import { parentPort } from 'node:worker_threads';
import type { Aggregate } from '@transferboard/suite/aggregate';
import { prepareBoard } from '@transferboard/suite/comparability';
import { bootstrapBoardRankIntervals } from '@transferboard/suite/rank-intervals';
import { registry } from '@transferboard/suite/registry';
import { unpackCells, type PackedCells } from './packed-cells';

/** Worker thread: one board's rank intervals, bootstrapped off the API's event loop (board/intervals.ts). */
export interface IntervalJob {
  taskSlugs: string[];
  cells: PackedCells;
  aggregate: Aggregate;
}

parentPort!.once('message', (job: IntervalJob) => {
  const board = prepareBoard(
    job.taskSlugs.map((s) => registry.task(s)),
    unpackCells(job.cells),
  );
  parentPort!.postMessage([...bootstrapBoardRankIntervals(board, job.aggregate)]);
});
