import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { dataVersions } from '../schema';

/** The data version behind cached responses: one primary-key lookup, 0 before the first write. */
export async function findDataVersion(db: Db, key = 'results'): Promise<number> {
  const [row] = await db.select({ version: dataVersions.version }).from(dataVersions).where(eq(dataVersions.key, key));
  return row?.version ?? 0;
}
