import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { dataVersions } from '../schema';

/**
 * Moves the data version on, inside the caller's transaction: every replica's cached responses
 * built from older data stop being served once the transaction commits.
 */
export async function bumpDataVersion(db: Db, key = 'results'): Promise<void> {
  await db
    .insert(dataVersions)
    .values({ key, version: 1 })
    .onConflictDoUpdate({
      target: dataVersions.key,
      set: { version: sql`${dataVersions.version} + 1`, updatedAt: sql`now()` },
    });
}
