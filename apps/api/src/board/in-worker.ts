import { Worker } from 'node:worker_threads';

/**
 * Runs one job in a fresh worker thread and settles with its one answer. The entry is a plain
 * JavaScript file that loads the TypeScript worker through tsx, under the API and vitest alike.
 * Aborting `signal` terminates the thread at once (a bootstrap of seconds stops mid-draw) and
 * rejects with an AbortError.
 */
export function inWorker<Job, Answer>(entry: URL, job: Job, signal?: AbortSignal): Promise<Answer> {
  const worker = new Worker(entry);
  worker.unref();
  return new Promise((resolve, reject) => {
    const abort = () => {
      reject(new DOMException('the worker job was cancelled', 'AbortError'));
      void worker.terminate();
    };
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    worker.once('message', (answer: Answer) => {
      signal?.removeEventListener('abort', abort);
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker ${entry.pathname} exited with code ${code}`)));
    worker.postMessage(job);
  });
}
