import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { tasks } from '../schema';

export async function findTask(db: Db, slug: string) {
  const [task] = await db.select().from(tasks).where(eq(tasks.slug, slug));
  return task ?? null;
}
