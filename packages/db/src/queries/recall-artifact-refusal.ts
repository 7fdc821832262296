import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { artifactRefusals } from '../schema';

export type ArtifactRefusalRow = typeof artifactRefusals.$inferSelect;

/**
 * The refusal of these bytes by this intake version, if there was one, counting the upload it
 * answers (one statement, so concurrent uploads each count).
 */
export async function recallArtifactRefusal(
  db: Db,
  sha256: string,
  intakeVersion: number,
): Promise<ArtifactRefusalRow | null> {
  const [row] = await db
    .update(artifactRefusals)
    .set({ hits: sql`${artifactRefusals.hits} + 1`, lastSeenAt: sql`now()` })
    .where(and(eq(artifactRefusals.sha256, sha256), eq(artifactRefusals.intakeVersion, intakeVersion)))
    .returning();
  return row ?? null;
}
