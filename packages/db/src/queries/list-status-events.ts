import { asc, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { statusEvents } from '../schema';

export type StatusEventRow = typeof statusEvents.$inferSelect;

/** The status history of several submissions, oldest first, in one statement. */
export async function listStatusEvents(db: Db, submissionIds: readonly string[]): Promise<StatusEventRow[]> {
  if (submissionIds.length === 0) return [];
  return db
    .select()
    .from(statusEvents)
    .where(inArray(statusEvents.submissionId, [...submissionIds]))
    .orderBy(asc(statusEvents.at), asc(statusEvents.id));
}
