import type { Db } from '@transferboard/db/client';
import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import { syncVersions, type SyncedVersions } from '@transferboard/db/queries/sync-versions';
import { registry } from '@transferboard/suite/registry';
import { declaredVersions } from '@transferboard/suite/versions';
import type { Logger } from 'pino';

/**
 * On start: record the protocol and task versions the code declares (packages/suite), each with
 * the time it was first seen. A version seen for the first time makes older measured results
 * stale from now on, so cached responses are invalidated.
 */
export async function syncVersionsOnStart(db: Db, log: Pick<Logger, 'info'>): Promise<SyncedVersions> {
  const synced = await syncVersions(db, declaredVersions(registry.tasks));
  if (synced.newProtocols.length || synced.newTasks.length) {
    log.info(
      { protocols: synced.newProtocols, tasks: synced.newTasks.length },
      'new protocol or task versions recorded',
    );
    await bumpDataVersion(db);
  }
  return synced;
}
