import { InvalidArgumentError, Option, type Command } from 'commander';
import { list, nonNegativeInt, positiveInt, runAction, UsageError } from '../run-action';
import { ApiError, ApiUnavailableError } from '../../worker/api-client';
import { timeLimitSettings } from '../../worker/time-limits';
import { runWorker } from '../../worker/worker';
import { createProgress, progressMode } from '../../progress/progress';
import type { ProviderRequest } from '../../onnx/providers';

interface WorkFlags {
  api: string;
  token?: string;
  data: string;
  work?: string;
  once?: boolean;
  ep: ProviderRequest;
  name?: string;
  tasks?: string[];
  poll: number;
  threads: number;
  batchSize?: number;
  workers?: number;
  taskTimeLimit?: number;
  taskTimeScale?: number;
  downloadIdleTimeout: number;
  progress: boolean;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

/**
 * `work`: the runner as a queue worker: claim jobs from the API, evaluate, report, repeat. It runs
 * every task's protocol as declared (no --episodes / --queries: a number measured otherwise is
 * not the protocol's, and the API takes results only under the task's protocol).
 */
export function registerWork(program: Command, runnerVersion: string): void {
  program
    .command('work')
    .description(
      'claim evaluation jobs from the API, run them task by task and report each result (a runner token is needed)',
    )
    .option('--api <url>', 'API base URL', process.env.TRANSFERBOARD_API ?? 'http://localhost:4000')
    .option('--token <token>', 'runner API token (or TRANSFERBOARD_TOKEN)')
    .requiredOption('--data <dir>', 'data root holding one folder per dataset slug')
    .option('--work <dir>', 'folder for downloaded models and the feature cache (default: DATA/.transferboard-work)')
    .option('--once', 'run at most one job, then exit (exit at once when the queue is empty)')
    .addOption(new Option('--ep <provider>', 'execution provider').choices(['cpu', 'cuda', 'auto']).default('cpu'))
    .option('--name <name>', 'runner name recorded on the jobs (default: host-pid)')
    .option('--tasks <slugs>', 'only these tasks of the suite (smoke runs; the rest are reported as not run)', list)
    .option('--poll <seconds>', 'wait between claims when the queue is empty', positiveInt, 5)
    .option('--threads <n>', 'onnxruntime threads (0: all cores)', nonNegativeInt, 0)
    .option(
      '--batch-size <n>',
      'images per forward pass (default: chosen for the device: 16 on the CPU, up to 256 on a GPU by its memory)',
      positiveInt,
    )
    .option('--workers <n>', 'image decoding worker threads', nonNegativeInt)
    .option(
      '--task-time-limit <seconds>',
      "one wall-clock limit for every task (default: from each task's expected cost; or TRANSFERBOARD_TASK_TIME_LIMIT)",
      positiveInt,
    )
    .option(
      '--task-time-scale <x>',
      "multiply each task's derived limit (e.g. 0.1 on a fast GPU host; or TRANSFERBOARD_TASK_TIME_SCALE)",
      positiveNumber,
    )
    .option(
      '--download-idle-timeout <seconds>',
      'give a model download up, and resume it, after this long without a byte',
      positiveInt,
      60,
    )
    .option('--no-progress', 'no job or task steps on stderr (warnings and errors still print)')
    .action((flags: WorkFlags) =>
      runAction(async () => {
        const token = flags.token ?? process.env.TRANSFERBOARD_TOKEN;
        if (!token)
          throw new UsageError(
            'no API token: pass --token T or set TRANSFERBOARD_TOKEN (create one with `npm run tokens -- create --role runner --name NAME`)',
          );
        if (!/^https?:\/\//.test(flags.api))
          throw new UsageError(`--api "${flags.api}" must be an http(s):// URL, e.g. http://localhost:4000`);
        // First signal: kill the task in progress, release the job in hand and stop (within 10 s);
        // a second one (Ctrl-C twice) exits at once.
        let signals = 0;
        const stop = new Promise<string>((resolve) => {
          for (const signal of ['SIGTERM', 'SIGINT'] as const) {
            process.on(signal, () => {
              if (++signals > 1) process.exit(130);
              process.stderr.write(`${signal}: releasing the job in hand (send it again to exit at once)\n`);
              resolve(signal);
            });
          }
        });
        let timeLimits: ReturnType<typeof timeLimitSettings>;
        try {
          timeLimits = timeLimitSettings({
            ...(flags.taskTimeLimit ? { taskTimeLimit: flags.taskTimeLimit } : {}),
            ...(flags.taskTimeScale ? { taskTimeScale: flags.taskTimeScale } : {}),
          });
        } catch (err) {
          throw new UsageError((err as Error).message);
        }
        const summary = await runWorker({
          api: flags.api,
          token,
          dataRoot: flags.data,
          workDir: flags.work ?? `${flags.data.replace(/\/+$/, '')}/.transferboard-work`,
          ...(flags.name ? { name: flags.name } : {}),
          ...(flags.once ? { once: true } : {}),
          ...(flags.tasks ? { tasks: flags.tasks } : {}),
          pollMs: flags.poll * 1000,
          timeLimits,
          downloadIdleTimeoutMs: flags.downloadIdleTimeout * 1000,
          stopSignal: stop,
          progress: createProgress(progressMode(flags.progress)),
          evaluate: {
            provider: flags.ep,
            threads: flags.threads,
            ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
            ...(flags.workers !== undefined ? { decodeWorkers: flags.workers } : {}),
            runnerVersion,
          },
        }).catch((err: unknown) => {
          // Expected trouble (API down, token refused) is the user's to fix: no stack trace.
          if (err instanceof ApiUnavailableError) throw new UsageError(err.message);
          if (err instanceof ApiError && (err.code === 'UNAUTHENTICATED' || err.code === 'FORBIDDEN'))
            throw new UsageError(`${flags.api}: ${err.message}`);
          throw err;
        });
        process.stderr.write(
          `${summary.jobs} job(s) handled${summary.released ? '; the job in hand was released' : ''}\n`,
        );
        // A job's evaluation may still be running in the background after a release: end now.
        if (summary.released) process.exit(0);
      }),
    );
}
