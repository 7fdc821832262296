import { inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { jobTaskOutcomes } from '../schema';

export type TaskOutcomeRow = typeof jobTaskOutcomes.$inferSelect;

/** Why tasks of these jobs have no result (failed, data missing, not run), one row per job and task. */
export async function listTaskOutcomes(db: Db, jobIds: string[]): Promise<TaskOutcomeRow[]> {
  if (jobIds.length === 0) return [];
  return db.select().from(jobTaskOutcomes).where(inArray(jobTaskOutcomes.jobId, jobIds));
}
