import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { artifacts } from '../schema';
import type { ArtifactRow } from './find-artifact';

/** The artifact with these bytes, if they were uploaded before (uploads skip re-validation then). */
export async function findArtifactBySha256(db: Db, sha256: string): Promise<ArtifactRow | null> {
  const [row] = await db.select().from(artifacts).where(eq(artifacts.sha256, sha256));
  return row ?? null;
}
