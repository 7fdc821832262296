import { inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { submissions } from '../schema';
import type { SubmissionRow } from './create-submission';

/** Submissions by id in one statement (the API's per-request batch loader uses it). */
export async function findSubmissionsByIds(db: Db, ids: readonly string[]): Promise<SubmissionRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(submissions)
    .where(inArray(submissions.id, [...ids]));
}
