import type { Db } from '@transferboard/db/client';
import type { Logger } from 'pino';
import { loadArtifactConfig } from './config';
import { createArtifactStore } from './create-store';
import { createArtifactRoute, type Route } from './routes';

/** The artifact endpoints as configured by the environment (throws ConfigError on bad values). */
export function artifactRouteFromEnv(db: Db, log: Logger, env: NodeJS.ProcessEnv = process.env): Route {
  const config = loadArtifactConfig(env);
  const store = createArtifactStore(config.store);
  log.info({ store: store.location, maxBytes: config.maxBytes }, 'artifact store ready');
  return createArtifactRoute({ db, store, config, log });
}
