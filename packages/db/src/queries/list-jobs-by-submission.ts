import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs } from '../schema';
import type { JobRow } from './lock-fenced-job';

/** The jobs of several submissions in one statement (a per-request batch loader uses it). */
export async function listJobsBySubmission(db: Db, submissionIds: readonly string[]): Promise<JobRow[]> {
  if (submissionIds.length === 0) return [];
  return db
    .select()
    .from(jobs)
    .where(inArray(jobs.submissionId, [...submissionIds]))
    .orderBy(asc(jobs.createdAt), asc(jobs.id));
}
