import { createServer as createHttpServer } from 'node:http';
import { createDb, type DbHandle } from '@transferboard/db/client';
import { DataDirLockedError } from '@transferboard/db/data-dir-lock';
import { migrateDb } from '@transferboard/db/migrate';
import { seedPaperData } from '@transferboard/db/seed';
import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import pino, { type Logger } from 'pino';
import { loadArtifactConfig, type ArtifactConfig } from './artifacts/config';
import { artifactsFromEnv } from './artifacts/from-env';
import { stopValidations } from './artifacts/validate';
import { ConfigError, loadConfig, type ApiConfig } from './config';
import { startControlServer } from './control';
import { loadLeaseSweepMs } from './queue/config';
import { startLeaseSweeper } from './queue/lease-sweeper';
import { createServer } from './server';
import { syncVersionsOnStart } from './versions/sync-on-start';
import { EXIT_FATAL, exitOnTermination } from './shutdown';

/**
 * The API process: validate configuration, lock and open the database, migrate, seed the paper's
 * results, serve, drain on SIGTERM. Exit code 2 (EXIT_FATAL) means a restart cannot help: a bad
 * variable, a data directory another process holds, a port in use, no control socket on PGlite.
 */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  let artifactConfig: ReturnType<typeof loadArtifactConfig>;
  let sweepMs: ReturnType<typeof loadLeaseSweepMs>;
  try {
    config = loadConfig();
    artifactConfig = loadArtifactConfig();
    sweepMs = loadLeaseSweepMs();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(EXIT_FATAL);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, base: { service: 'api' } });
  const handle = await createDb(config.databaseUrl, { lockAs: 'the API' });
  log.info({ database: handle.location, kind: handle.kind }, 'database opened');
  try {
    await serve(handle, log, config, artifactConfig, sweepMs);
  } catch (error) {
    // A start that fails after opening the database closes it cleanly (and releases its lock).
    await handle.close().catch(() => {});
    throw error;
  }
}

async function serve(
  handle: DbHandle,
  log: Logger,
  config: ApiConfig,
  artifactConfig: ArtifactConfig,
  sweepMs: number,
): Promise<void> {
  await migrateDb(handle);
  const counts = await seedPaperData(handle.db);
  log.info(counts, 'paper results seeded');
  await syncVersionsOnStart(handle.db, log);
  // Seeding may have changed results under other running replicas: make their caches refresh.
  await bumpDataVersion(handle.db);
  const artifacts = artifactsFromEnv(handle.db, log, artifactConfig);
  const server = await createServer({
    db: handle.db,
    log,
    maxBodyBytes: config.maxBodyBytes,
    development: config.development,
    introspection: config.introspection,
    leaseSeconds: config.leaseSeconds,
    stallSeconds: config.stallSeconds,
    maxCost: config.maxQueryCost,
    requestTimeoutMs: config.requestTimeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    rateLimit: config.rateLimit,
    routes: [artifacts.route],
  });
  const sweeper = startLeaseSweeper(handle.db, log, { intervalMs: sweepMs, leaseMs: config.leaseSeconds * 1000 });
  const collector = artifacts.startCollector();
  const control = await startControlServer(handle.db, log, undefined, handle, {
    cacheStats: () => ({ ...(server.cache?.stats ?? {}), entries: server.cache?.size ?? 0 }),
  }).catch((error: unknown) => {
    if (handle.kind === 'pglite')
      throw new FatalStartError(
        `the control socket could not be opened (${(error as Error).message}); \`npm run tokens\` needs it while the API holds the embedded database`,
      );
    log.warn({ err: error }, 'control socket unavailable: `npm run tokens` goes to DATABASE_URL directly');
    return null;
  });
  if (!control && handle.kind === 'pglite')
    throw new FatalStartError('another process serves the control socket of this data directory');
  const http = createHttpServer(server.handler);
  http.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE' ? new FatalStartError(`port ${config.port} is already in use (API_PORT)`) : error,
      ),
    );
    http.listen(config.port, config.host, resolve);
  });
  log.info({ url: `http://localhost:${config.port}/graphql`, pid: process.pid }, 'GraphQL API listening');

  exitOnTermination({
    log,
    servers: control ? [http, control] : [http],
    graceMs: config.shutdownGraceMs,
    hardLimitMs: config.shutdownGraceMs + 2500,
    // Before the drain: an upload waiting on its validation child would hold the drain for the
    // whole grace period. Killing the children (their own process groups, or they outlive us)
    // answers those uploads 503 at once, to be sent again.
    beforeDrain: [
      {
        name: 'model validations',
        run: () => {
          const validations = stopValidations();
          if (validations) log.info({ validations }, 'stopped model validations in flight');
        },
      },
    ],
    steps: [
      { name: 'lease sweeper', run: () => sweeper.stop() },
      { name: 'artifact collector', run: () => collector.stop() },
      { name: 'GraphQL server', run: () => server.stop() },
      // Last: the embedded database is flushed and its lock released.
      { name: 'database', run: () => handle.close() },
    ],
  });
}

/** A start-up problem a restart cannot fix: the supervisor (scripts/serve.mjs) gives up on exit code 2. */
class FatalStartError extends Error {}

main().catch((error: unknown) => {
  const fatal = error instanceof DataDirLockedError || error instanceof FatalStartError;
  console.error('The API failed to start:', error instanceof Error ? error.message : error);
  process.exit(fatal ? EXIT_FATAL : 1);
});
