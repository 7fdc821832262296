import { createServer as createHttpServer } from 'node:http';
import { createDb } from '@transferboard/db/client';
import { migrateDb } from '@transferboard/db/migrate';
import { seedPaperData } from '@transferboard/db/seed';
import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import pino from 'pino';
import { loadArtifactConfig } from './artifacts/config';
import { artifactRoute } from './artifacts/from-env';
import { stopValidations } from './artifacts/validate';
import { ConfigError, loadConfig } from './config';
import { startControlServer } from './control';
import { loadLeaseSweepMs } from './queue/config';
import { startLeaseSweeper } from './queue/lease-sweeper';
import { createServer } from './server';

/** The API process: validate configuration, migrate, seed the paper's results, serve, drain on SIGTERM. */
async function main(): Promise<void> {
  let config, artifactConfig, sweepMs;
  try {
    config = loadConfig();
    artifactConfig = loadArtifactConfig();
    sweepMs = loadLeaseSweepMs();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel, base: { service: 'api' } });
  const handle = await createDb(config.databaseUrl);
  log.info({ database: handle.location, kind: handle.kind }, 'database opened');
  await migrateDb(handle);
  const counts = await seedPaperData(handle.db);
  log.info(counts, 'paper results seeded');
  // Seeding may have changed results under other running replicas: make their caches refresh.
  await bumpDataVersion(handle.db);
  const server = await createServer({
    db: handle.db, log, maxBodyBytes: config.maxBodyBytes, development: config.development,
    introspection: config.introspection, leaseSeconds: config.leaseSeconds, stallSeconds: config.stallSeconds,
    maxCost: config.maxQueryCost, requestTimeoutMs: config.requestTimeoutMs, maxResponseBytes: config.maxResponseBytes,
    rateLimit: config.rateLimit,
    routes: [artifactRoute(handle.db, log, artifactConfig)],
  });
  const sweeper = startLeaseSweeper(handle.db, log, { intervalMs: sweepMs, leaseMs: config.leaseSeconds * 1000 });
  const control = await startControlServer(handle.db, log).catch((error: unknown) => {
    log.warn({ err: error }, 'control socket unavailable: `npm run tokens` will need DATABASE_URL or a stopped API');
    return null;
  });
  const http = createHttpServer(server.handler);
  http.keepAliveTimeout = 65_000;
  http.listen(config.port, config.host, () => log.info({ url: `http://localhost:${config.port}/graphql` }, 'GraphQL API listening'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining connections');
    http.close();
    // Validation children run in their own process groups: stop them, or they outlive us.
    const validations = stopValidations();
    if (validations) log.info({ validations }, 'stopped model validations in flight');
    control?.close();
    http.closeIdleConnections();
    const force = setTimeout(() => http.closeAllConnections(), 10_000).unref();
    await sweeper.stop();
    await server.stop();
    await handle.close();
    clearTimeout(force);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('The API failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
