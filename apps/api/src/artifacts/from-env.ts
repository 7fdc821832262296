import type { Db } from '@transferboard/db/client';
import type { Logger } from 'pino';
import type { ArtifactConfig } from './config';
import { createArtifactStore } from './create-store';
import { createArtifactRoute, type Route } from './routes';

/** The artifact endpoints over the configured store (see loadArtifactConfig for the variables). */
export function artifactRoute(db: Db, log: Logger, config: ArtifactConfig): Route {
  const store = createArtifactStore(config.store);
  log.info({ store: store.location, maxBytes: config.maxBytes }, 'artifact store ready');
  return createArtifactRoute({ db, store, config, log });
}
