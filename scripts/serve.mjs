// What `npm start` runs once the build is done: the API and the web app as two supervised child
// processes, each with a heap limit. A crashed one restarts with backoff while the other keeps
// serving; SIGTERM or Ctrl-C stops both within 10 s. Run alone (`node scripts/serve.mjs`) it
// serves what was built last.
//
// Env: API_MEMORY_MB (default 2048) and WEB_MEMORY_MB (default 1024): V8 heap limits
// (--max-old-space-size) of the two processes; plus every variable the API and the web read.
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';
import { EXIT_FATAL, supervise } from './lib/supervisor.mjs';
import { log, ROOT } from './lib/ensure.mjs';

/** A whole number of MiB from the environment, or a clear refusal. */
function memoryMb(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 256 || n > 65_536)
    throw new Error(`${name}="${raw}" must be a whole number of MiB from 256 to 65536`);
  return n;
}

function portFree(port, host) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Refuses, before anything is built or opened, when another process holds the embedded database
 * (its pid is named) or a port is taken: a second `npm start` must not disturb the first.
 * Returns the problems found (empty when it may start).
 */
export async function preflight(env = process.env) {
  const problems = [];
  try {
    memoryMb(env, 'API_MEMORY_MB', 2048);
    memoryMb(env, 'WEB_MEMORY_MB', 1024);
  } catch (err) {
    problems.push(err.message);
  }
  if (!env.DATABASE_URL) {
    register();
    const { readLockHolder, holderIsAlive } = await import('@transferboard/db/data-dir-lock');
    const { dataDir } = await import('@transferboard/db/paths');
    const holder = readLockHolder(dataDir());
    if (holder && holderIsAlive(holder)) {
      problems.push(
        `the embedded database in ${dataDir()} is in use by ${holder.what} (pid ${holder.pid}, since ${holder.acquiredAt}): ` +
          'Transferboard is already running there. Stop it first, or set TB_DATA_DIR to serve another copy.',
      );
    }
  }
  for (const [name, port] of [
    ['API_PORT', env.API_PORT ?? '4000'],
    ['PORT', env.PORT ?? '3000'],
  ]) {
    if (!(await portFree(Number(port), env[name === 'PORT' ? 'WEB_HOST' : 'API_HOST'] || '0.0.0.0'))) {
      problems.push(`port ${port} (${name}) is already in use`);
    }
  }
  return problems;
}

/** The two services of `npm start`. */
export function services(env = process.env) {
  const node = process.execPath;
  // What `npm start` serves is production: React's and Next's production paths, and the API's
  // generic error messages. NODE_ENV=development in the caller's environment still wins.
  env = { ...env, NODE_ENV: env.NODE_ENV || 'production' };
  return [
    {
      name: 'api',
      command: node,
      args: [`--max-old-space-size=${memoryMb(env, 'API_MEMORY_MB', 2048)}`, '--import', 'tsx', 'src/main.ts'],
      cwd: join(ROOT, 'apps/api'),
      env,
    },
    {
      name: 'web',
      command: node,
      args: [`--max-old-space-size=${memoryMb(env, 'WEB_MEMORY_MB', 1024)}`, 'server.mjs'],
      cwd: join(ROOT, 'apps/web'),
      env,
    },
  ];
}

export async function serve(env = process.env) {
  const problems = await preflight(env);
  if (problems.length) {
    log(`not starting: ${problems.join('; ')}`);
    process.exit(EXIT_FATAL);
  }
  log(
    `serving web on http://localhost:${env.PORT ?? 3000} and GraphQL on http://localhost:${env.API_PORT ?? 4000}/graphql (supervisor pid ${process.pid})`,
  );
  const running = supervise(services(env));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void running.stop());
  process.exit(await running.done);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await serve();
