import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs } from '../schema';
import type { JobRow } from './lock-fenced-job';

export async function findJob(db: Db, id: string): Promise<JobRow | null> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  return row ?? null;
}
