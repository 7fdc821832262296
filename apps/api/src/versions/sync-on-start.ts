import type { Db } from '@transferboard/db/client';
import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import { enqueueReevaluations, type QueuedReevaluation } from '@transferboard/db/queries/enqueue-reevaluations';
import { syncVersions, type SyncedVersions } from '@transferboard/db/queries/sync-versions';
import { registry } from '@transferboard/suite/registry';
import { declaredVersions } from '@transferboard/suite/versions';
import type { Logger } from 'pino';

/**
 * On start: record the protocol and task versions the code declares (packages/suite), each with
 * the time it was first seen. A version seen for the first time makes older measured results
 * stale from now on, so cached responses are invalidated. Then queue re-evaluation jobs for the
 * stale tasks of every submitted model: on every start, not only when this replica saw a new
 * version (the enqueue is idempotent, and a start that died between the two steps is made good).
 */
export async function syncVersionsOnStart(
  db: Db,
  log: Pick<Logger, 'info'>,
): Promise<SyncedVersions & { reevaluations: QueuedReevaluation[] }> {
  const synced = await syncVersions(db, declaredVersions(registry.tasks));
  if (synced.newProtocols.length || synced.newTasks.length) {
    log.info(
      { protocols: synced.newProtocols, tasks: synced.newTasks.length },
      'new protocol or task versions recorded',
    );
    await bumpDataVersion(db);
  }
  const reevaluations = await enqueueReevaluations(db);
  if (reevaluations.length)
    log.info(
      { jobs: reevaluations.length, tasks: reevaluations.reduce((n, r) => n + r.taskSlugs.length, 0) },
      're-evaluation jobs queued for stale results',
    );
  return { ...synced, reevaluations };
}
