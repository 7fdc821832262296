import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from './job-row';
import { lockArtifactBytes } from './store-uploaded-artifact';

export interface CollectableArtifact {
  id: string;
  sha256: string;
  storageKey: string;
  size: number;
}

/**
 * Artifacts no submission references, whose last upload (by any token) is older than `before`:
 * uploads nobody submitted. Oldest first.
 */
export async function listCollectableArtifacts(db: Db, before: Date, limit: number): Promise<CollectableArtifact[]> {
  const rows = await db.execute(sql`
    select a.id, a.sha256, a.storage_key as "storageKey", a.size
    from artifacts a
    where a.created_at < ${before.toISOString()}
      and not exists (select 1 from submissions s where s.artifact_id = a.id)
      and not exists (select 1 from artifact_uploads u where u.artifact_id = a.id and u.created_at >= ${before.toISOString()})
    order by a.created_at
    limit ${limit}`);
  return rowsOf(rows).map((r) => ({
    id: String(r.id),
    sha256: String(r.sha256),
    storageKey: String(r.storageKey),
    size: Number(r.size),
  }));
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Deletes one artifact's row, then its blob (`deleteBlob`), under the bytes' lock and only if
 * it is still collectable; a submission made meanwhile keeps it (the foreign key refuses the
 * delete). The row goes first and the blob inside the same transaction: when the blob cannot be
 * deleted the row stays, so nothing refers to a missing blob. True when it was collected.
 */
export async function collectArtifact(
  db: Db,
  artifact: CollectableArtifact,
  before: Date,
  deleteBlob: () => Promise<void>,
): Promise<boolean> {
  try {
    return await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      await lockArtifactBytes(tx, artifact.sha256);
      const deleted = await tx.execute(sql`
        delete from artifacts a
        where a.id = ${artifact.id}
          and a.created_at < ${before.toISOString()}
          and not exists (select 1 from submissions s where s.artifact_id = a.id)
          and not exists (select 1 from artifact_uploads u where u.artifact_id = a.id and u.created_at >= ${before.toISOString()})
        returning a.id`);
      if (rowsOf(deleted).length === 0) return false;
      await deleteBlob();
      return true;
    });
  } catch (error) {
    for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      if (e.code === FOREIGN_KEY_VIOLATION) return false;
    }
    throw error;
  }
}
