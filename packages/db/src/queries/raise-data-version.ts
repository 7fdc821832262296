import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { dataVersions } from '../schema';

/**
 * Sets the data version past both its current value and `atLeast`. After a restore the restored
 * counter may be lower than one the API replicas have cached responses for: raising it past the
 * old value makes every replica drop what it cached before the restore.
 */
export async function raiseDataVersion(db: Db, atLeast: number, key = 'results'): Promise<void> {
  await db
    .insert(dataVersions)
    .values({ key, version: atLeast + 1 })
    .onConflictDoUpdate({
      target: dataVersions.key,
      set: { version: sql`greatest(${dataVersions.version}, ${atLeast}) + 1`, updatedAt: sql`now()` },
    });
}
