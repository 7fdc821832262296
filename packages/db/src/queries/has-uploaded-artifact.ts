import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { artifactUploads } from '../schema';

/** Whether `tokenId` uploaded the artifact's bytes (first or again). */
export async function hasUploadedArtifact(db: Db, artifactId: string, tokenId: string): Promise<boolean> {
  const [row] = await db
    .select({ tokenId: artifactUploads.tokenId })
    .from(artifactUploads)
    .where(and(eq(artifactUploads.artifactId, artifactId), eq(artifactUploads.tokenId, tokenId)));
  return row !== undefined;
}
