import { parentPort } from 'node:worker_threads';
import { buildRows, type BuildJob } from './board-build';

/** Worker thread: one large board's aggregation, off the API's event loop (board/board-build.ts). */
parentPort!.once('message', (job: BuildJob) => {
  parentPort!.postMessage(buildRows(job));
});
