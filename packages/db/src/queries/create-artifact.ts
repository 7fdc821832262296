import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { artifacts } from '../schema';
import type { ArtifactRow } from './find-artifact';

/**
 * Records an uploaded blob once per sha256: a second upload of the same bytes (by anyone)
 * returns the first row, and `created` says which happened. Safe under concurrent uploads.
 */
export async function createArtifact(
  db: Db,
  input: { sha256: string; size: number; storageKey: string; inspection: Record<string, unknown>; uploadedBy: string | null },
): Promise<{ artifact: ArtifactRow; created: boolean }> {
  const [inserted] = await db.insert(artifacts).values(input).onConflictDoNothing({ target: artifacts.sha256 }).returning();
  if (inserted) return { artifact: inserted, created: true };
  const [existing] = await db.select().from(artifacts).where(eq(artifacts.sha256, input.sha256));
  return { artifact: existing!, created: false };
}
