import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { artifacts, artifactUploads } from '../schema';
import type { ArtifactRow } from './find-artifact';

/**
 * Serialises work on one sha256's blob and row across API replicas (a transaction-level
 * advisory lock): an upload storing the bytes and the garbage collector removing them never
 * interleave, so a row never outlives its blob and a blob just stored is never collected.
 */
export async function lockArtifactBytes(tx: Db, sha256: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`artifact:${sha256}`}, 0))`);
}

export interface UploadedArtifact {
  sha256: string;
  size: number;
  storageKey: string;
  inspection: Record<string, unknown>;
  tokenId: string;
}

/**
 * Records an upload under the bytes' lock: `ensureBlob` makes sure the blob is in the store (it
 * may have been collected since the upload began), then the artifact row is created once per
 * sha256 (a later upload gets the first row, `created` false) and the token's upload is recorded
 * with the time of this upload, which keeps the artifact from collection for a while.
 */
export async function storeUploadedArtifact(
  db: Db,
  input: UploadedArtifact,
  ensureBlob: () => Promise<void>,
): Promise<{ artifact: ArtifactRow; created: boolean }> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await lockArtifactBytes(tx, input.sha256);
    await ensureBlob();
    const { tokenId, ...row } = input;
    const [inserted] = await tx
      .insert(artifacts)
      .values({ ...row, uploadedBy: tokenId })
      .onConflictDoNothing({ target: artifacts.sha256 })
      .returning();
    const artifact =
      inserted ?? (await tx.select().from(artifacts).where(sql`${artifacts.sha256} = ${input.sha256}`))[0]!;
    await tx
      .insert(artifactUploads)
      .values({ artifactId: artifact.id, tokenId })
      .onConflictDoUpdate({
        target: [artifactUploads.artifactId, artifactUploads.tokenId],
        set: { createdAt: sql`now()` },
      });
    return { artifact, created: Boolean(inserted) };
  });
}
