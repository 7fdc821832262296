import { inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { artifacts } from '../schema';
import type { ArtifactRow } from './find-artifact';

/** Artifacts by id in one statement (the API's per-request batch loader uses it). */
export async function findArtifactsByIds(db: Db, ids: readonly string[]): Promise<ArtifactRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(artifacts)
    .where(inArray(artifacts.id, [...ids]));
}
