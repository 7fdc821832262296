import type { Server } from 'node:http';
import { createHttpTerminator } from 'http-terminator';
import type { Logger } from 'pino';

/** Exit code for problems a restart cannot fix (bad configuration, data directory in use, port taken). */
export const EXIT_FATAL = 2;

export interface ShutdownOptions {
  log: Logger;
  /** HTTP servers to drain: idle keep-alive connections close at once, requests in flight get `graceMs`. */
  servers: Server[];
  /** How long requests in flight may take to finish before their connections are cut. */
  graceMs: number;
  /** The whole shutdown's limit: past it the process exits with code 1 whatever is still running. */
  hardLimitMs: number;
  /** Run in order as the shutdown begins, while the servers drain (stop work a request in flight waits on). */
  beforeDrain?: { name: string; run: () => unknown }[];
  /** Run in order once the servers are closed (stop timers, close the database); each may fail alone. */
  steps: { name: string; run: () => unknown }[];
}

/**
 * SIGTERM / SIGINT: stop taking connections, close idle keep-alive connections at once (the
 * web's connection pool keeps some open for a minute, and `server.close()` alone waits for
 * them), mark answers in flight `Connection: close`, cut whatever is still open after
 * `graceMs`, then run the steps and exit 0. The `beforeDrain` steps run while the servers drain
 * (work a request in flight waits on, stopped so that the request ends). A hard timer
 * guarantees the exit.
 */
export function exitOnTermination(opts: ShutdownOptions): (signal: string) => Promise<void> {
  const terminators = opts.servers.map((server) =>
    createHttpTerminator({ server, gracefulTerminationTimeout: opts.graceMs }),
  );
  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      const started = Date.now();
      opts.log.info(
        { signal, graceMs: opts.graceMs },
        'shutting down: closing idle connections, draining requests in flight',
      );
      setTimeout(() => {
        opts.log.error({ after: opts.hardLimitMs }, 'shutdown did not finish in time: exiting anyway');
        process.exit(1);
      }, opts.hardLimitMs).unref();
      const draining = Promise.all(
        terminators.map((t) =>
          t.terminate().catch((err: unknown) => opts.log.warn({ err }, 'closing a server failed')),
        ),
      );
      await runSteps(opts.log, opts.beforeDrain ?? []);
      await draining;
      await runSteps(opts.log, opts.steps);
      opts.log.info({ ms: Date.now() - started }, 'stopped');
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return shutdown;
}

/** Each step in order; one that fails is logged and the next still runs. */
async function runSteps(log: Logger, steps: { name: string; run: () => unknown }[]): Promise<void> {
  for (const step of steps) {
    try {
      await step.run();
    } catch (err) {
      log.error({ err, step: step.name }, 'a shutdown step failed');
    }
  }
}
