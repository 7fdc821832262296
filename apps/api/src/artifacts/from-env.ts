import type { Db } from '@transferboard/db/client';
import type { Logger } from 'pino';
import { startArtifactCollector } from './collector';
import type { ArtifactConfig } from './config';
import { createArtifactStore } from './create-store';
import { createArtifactRoute, type Route } from './routes';

/** The artifact endpoints over the configured store (see loadArtifactConfig for the variables), and their garbage collector. */
export function artifactsFromEnv(
  db: Db,
  log: Logger,
  config: ArtifactConfig,
): { route: Route; startCollector: () => { stop: () => Promise<void> } } {
  const store = createArtifactStore(config.store);
  log.info(
    { store: store.location, maxBytes: config.maxBytes, quotaBytes: config.quotaBytes, gcAfterMs: config.gcAfterMs },
    'artifact store ready',
  );
  return {
    route: createArtifactRoute({ db, store, config, log }),
    startCollector: () =>
      startArtifactCollector(db, store, log, { afterMs: config.gcAfterMs, intervalMs: config.gcIntervalMs }),
  };
}
