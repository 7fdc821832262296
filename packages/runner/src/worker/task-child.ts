import { evaluate } from '../evaluate/evaluate';
import { workCounts } from '../progress/work-counters';
import type { ChildMessage, TaskRequest } from './task-process';

/**
 * One task of a queue job, in a process of its own (started by task-process.ts as the leader of
 * a new process group): it runs `evaluate` for the one task and sends back the report, its log
 * lines and its work counters. The worker kills the whole group at the task's time limit, when
 * the job is lost or when the runner stops; if the worker itself dies, the IPC channel closes and
 * this process takes its group down with it, so nothing is left running.
 */
const send = (msg: ChildMessage, then?: () => void) => process.send?.(msg, undefined, undefined, then);

function killOwnGroup(): never {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    // Not a group leader (run by hand): this process alone.
  }
  process.exit(1);
}

process.on('disconnect', killOwnGroup);

let last = '';
const progress = setInterval(() => {
  const counts = workCounts();
  const key = JSON.stringify(counts);
  if (key !== last) send({ type: 'progress', counts });
  last = key;
}, 500);
progress.unref();

process.once('message', (msg: TaskRequest) => {
  evaluate({ ...msg.options, log: (message) => send({ type: 'log', message }) })
    .then((report) =>
      send({ type: 'progress', counts: workCounts() }, () => send({ type: 'report', report }, () => process.exit(0))),
    )
    .catch((err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'error', name: e.name, message: e.message, stack: e.stack ?? null }, () => process.exit(1));
    });
});
