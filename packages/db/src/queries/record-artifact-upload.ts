import type { Db } from '../client';
import { artifactUploads } from '../schema';

/** Records that `tokenId` uploaded the artifact's bytes (again or first); idempotent. */
export async function recordArtifactUpload(db: Db, artifactId: string, tokenId: string): Promise<void> {
  await db.insert(artifactUploads).values({ artifactId, tokenId }).onConflictDoNothing();
}
