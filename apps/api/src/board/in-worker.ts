import { Worker } from 'node:worker_threads';

/**
 * Runs one job in a fresh worker thread and settles with its one answer. The entry is a plain
 * JavaScript file that loads the TypeScript worker through tsx, under the API and vitest alike.
 */
export function inWorker<Job, Answer>(entry: URL, job: Job): Promise<Answer> {
  const worker = new Worker(entry);
  worker.unref();
  return new Promise((resolve, reject) => {
    worker.once('message', (answer: Answer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker ${entry.pathname} exited with code ${code}`)));
    worker.postMessage(job);
  });
}
