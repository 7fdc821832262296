import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { models } from '../schema';

export type ModelRow = typeof models.$inferSelect;

export async function findModel(db: Db, slug: string): Promise<ModelRow | null> {
  const [model] = await db.select().from(models).where(eq(models.slug, slug));
  return model ?? null;
}

/** Models by id in one statement (the API's per-request batch loader uses it). */
export async function findModelsByIds(db: Db, ids: readonly string[]): Promise<ModelRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(models)
    .where(inArray(models.id, [...ids]));
}

/** Models by slug in one statement (the API's per-request batch loader uses it). */
export async function findModelsBySlugs(db: Db, slugs: readonly string[]): Promise<ModelRow[]> {
  if (slugs.length === 0) return [];
  return db
    .select()
    .from(models)
    .where(inArray(models.slug, [...slugs]));
}
