// A small process supervisor for `npm start`: each service is a child process; one that crashes
// is started again after a backoff while the others keep serving; SIGTERM stops them all.
import { spawn } from 'node:child_process';

/** Exit code a service uses for problems a restart cannot fix (bad configuration, port in use, data directory held). */
export const EXIT_FATAL = 2;

/**
 * @typedef {{ name: string, command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv }} Service
 * @typedef {{ firstDelayMs?: number, maxDelayMs?: number, stableAfterMs?: number, stopTimeoutMs?: number,
 *   log?: (event: Record<string, unknown>) => void }} SupervisorOptions
 */

/** The wait before restart number `crashes` (1, 2, …): doubling from `firstMs`, capped at `maxMs`. */
export function backoffDelay(crashes, firstMs, maxMs) {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, crashes - 1));
}

/**
 * Runs the services until `stop()` or until one exits with EXIT_FATAL (then the others are
 * stopped too). A service that crashes (any other exit, or a signal such as an out-of-memory
 * kill) restarts after 1 s, 2 s, 4 s, … up to 30 s; the count resets once it has run for a
 * minute. Resolves with the exit code the supervisor should end with.
 * @param {Service[]} services
 * @param {SupervisorOptions} options
 */
export function supervise(services, options = {}) {
  const { firstDelayMs = 1000, maxDelayMs = 30_000, stableAfterMs = 60_000, stopTimeoutMs = 9500 } = options;
  const log =
    options.log ?? ((event) => process.stderr.write(`${JSON.stringify({ service: 'supervisor', ...event })}\n`));
  /** @type {Map<string, { child: import('node:child_process').ChildProcess | null, crashes: number, timer: NodeJS.Timeout | null }>} */
  const state = new Map(services.map((s) => [s.name, { child: null, crashes: 0, timer: null }]));
  let stopping = false;
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  let exitCode = 0;

  const start = (service) => {
    const entry = state.get(service.name);
    entry.timer = null;
    const startedAt = Date.now();
    const child = spawn(service.command, service.args, {
      cwd: service.cwd,
      env: service.env ?? process.env,
      stdio: 'inherit',
    });
    entry.child = child;
    log({ msg: `${service.name} started`, child: service.name, pid: child.pid });
    child.once('error', (err) =>
      log({ msg: `${service.name} could not be started: ${err.message}`, child: service.name }),
    );
    child.once('exit', (code, signal) => {
      entry.child = null;
      if (stopping) return settle();
      if (code === EXIT_FATAL) {
        log({
          msg: `${service.name} exited with code ${EXIT_FATAL}: a restart cannot fix this (see its message above); stopping`,
          child: service.name,
        });
        exitCode = EXIT_FATAL;
        return stop();
      }
      entry.crashes = Date.now() - startedAt >= stableAfterMs ? 1 : entry.crashes + 1;
      const delay = backoffDelay(entry.crashes, firstDelayMs, maxDelayMs);
      log({
        msg: `${service.name} exited (${signal ?? `code ${code}`}); restarting in ${delay} ms`,
        child: service.name,
        code,
        signal,
        crashes: entry.crashes,
        restartInMs: delay,
      });
      entry.timer = setTimeout(() => start(service), delay);
    });
  };

  const settle = () => {
    if ([...state.values()].every((e) => e.child === null)) finish(exitCode);
  };

  const stop = () => {
    if (stopping) return done;
    stopping = true;
    for (const entry of state.values()) {
      if (entry.timer) clearTimeout(entry.timer);
      entry.timer = null;
      entry.child?.kill('SIGTERM');
    }
    // Each service ends itself within 10 s; whatever is still running then is killed.
    setTimeout(() => {
      for (const [name, entry] of state) {
        if (entry.child) {
          log({ msg: `${name} did not stop within ${stopTimeoutMs} ms: killing it`, child: name });
          entry.child.kill('SIGKILL');
        }
      }
    }, stopTimeoutMs).unref();
    settle();
    return done;
  };

  for (const service of services) start(service);
  return { done, stop, pid: (name) => state.get(name)?.child?.pid ?? null };
}
