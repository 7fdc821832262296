import { asc } from 'drizzle-orm';
import type { Db } from '../client';
import { suites } from '../schema';

export async function listSuites(db: Db) {
  return db.select().from(suites).orderBy(asc(suites.position), asc(suites.slug));
}
