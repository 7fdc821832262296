import { parentPort } from 'node:worker_threads';
import { buildRows, type BuildJob } from './board-build';

/**
 * Worker thread: large boards' aggregation, off the API's event loop (board/board-build.ts). It
 * stays up between builds, so a rebuild after a write does not pay a thread's start and load.
 */
parentPort!.on('message', ({ id, job }: { id: number; job: BuildJob }) => {
  try {
    parentPort!.postMessage({ id, built: buildRows(job) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
