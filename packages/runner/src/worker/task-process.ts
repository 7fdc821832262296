import { fork } from 'node:child_process';
import type { EvaluateOptions, EvaluationReport } from '../evaluate/evaluate';
import type { WorkKind } from '../progress/work-counters';

/** What the worker sends the task's process: evaluate's options for one task (the log goes back over IPC). */
export interface TaskRequest {
  type: 'run';
  options: Omit<EvaluateOptions, 'log'>;
}

export type ChildMessage =
  | { type: 'log'; message: string }
  | { type: 'progress'; counts: Readonly<Record<WorkKind, number>> }
  | { type: 'report'; report: EvaluationReport }
  | { type: 'error'; name: string; message: string; stack: string | null };

export type TaskProcessOutcome =
  | { kind: 'report'; report: EvaluationReport }
  /** Killed at its time limit. */
  | { kind: 'timeout'; seconds: number }
  /** evaluate threw: its error's name and message. */
  | { kind: 'error'; name: string; message: string }
  /** Ended without a report or an error (killed by the kernel's OOM killer, a crash in native code). */
  | { kind: 'crashed'; message: string }
  /** Killed because the job was lost or the runner is stopping. */
  | { kind: 'aborted' };

export interface TaskProcessOptions {
  request: TaskRequest;
  timeLimitMs: number;
  log: (message: string) => void;
  /** The task's work counters so far (they only grow). */
  onProgress?: (counts: Readonly<Record<WorkKind, number>>) => void;
  signal?: AbortSignal;
  /** Called with the child's pid (its process group id too) once it is started. */
  onStart?: (pid: number) => void;
  /** The child's entry module (tests run stand-ins; default task-child.mjs). */
  entry?: URL;
}

/**
 * Runs one task in a child process that leads a process group of its own, so everything the task
 * starts (decoder processes included) can be killed at once: at the time limit, when the signal
 * aborts (the job was lost, the runner is stopping), and after the task ends, in case anything
 * outlived it. A killed thread could leave onnxruntime's native threads or a blocked read behind;
 * a killed process group leaves nothing.
 */
export function runTaskProcess(opts: TaskProcessOptions): Promise<TaskProcessOutcome> {
  return new Promise((resolve) => {
    const child = fork(opts.entry ?? new URL('./task-child.mjs', import.meta.url), [], {
      detached: true,
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: TaskProcessOutcome | null = null;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is gone already.
      }
    };
    const end = (o: TaskProcessOutcome) => {
      outcome ??= o;
      killGroup();
    };
    const timer = setTimeout(
      () => end({ kind: 'timeout', seconds: Math.round(opts.timeLimitMs / 1000) }),
      opts.timeLimitMs,
    );
    const onAbort = () => end({ kind: 'aborted' });
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('message', (msg: ChildMessage) => {
      if (msg.type === 'log') opts.log(msg.message);
      else if (msg.type === 'progress') opts.onProgress?.(msg.counts);
      else if (msg.type === 'report') outcome ??= { kind: 'report', report: msg.report };
      else if (msg.type === 'error') outcome ??= { kind: 'error', name: msg.name, message: msg.message };
    });
    child.on('error', (err) => end({ kind: 'crashed', message: `the task's process could not run: ${err.message}` }));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Whatever the task started and left behind goes with it.
      killGroup();
      const how =
        signal === 'SIGKILL'
          ? 'was killed (SIGKILL: out of memory, most likely; see the kernel log)'
          : signal
            ? `was killed by ${signal}`
            : `exited with code ${code}`;
      resolve(outcome ?? { kind: 'crashed', message: `the task's process ${how} without a result` });
    });
    if (child.pid !== undefined) opts.onStart?.(child.pid);
    child.send(opts.request);
  });
}
