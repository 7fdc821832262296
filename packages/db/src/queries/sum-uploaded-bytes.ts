import { eq, sum } from 'drizzle-orm';
import type { Db } from '../client';
import { artifacts, artifactUploads } from '../schema';

/** Bytes of the stored artifacts this token has uploaded (its upload quota counts these). */
export async function sumUploadedBytes(db: Db, tokenId: string): Promise<number> {
  const [row] = await db
    .select({ bytes: sum(artifacts.size) })
    .from(artifactUploads)
    .innerJoin(artifacts, eq(artifacts.id, artifactUploads.artifactId))
    .where(eq(artifactUploads.tokenId, tokenId));
  return Number(row?.bytes ?? 0);
}
