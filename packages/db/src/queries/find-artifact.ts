import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { artifacts } from '../schema';

export type ArtifactRow = typeof artifacts.$inferSelect;

export async function findArtifact(db: Db, id: string): Promise<ArtifactRow | null> {
  const [row] = await db.select().from(artifacts).where(eq(artifacts.id, id));
  return row ?? null;
}
