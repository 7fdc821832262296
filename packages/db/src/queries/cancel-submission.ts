import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, statusEvents, submissions } from '../schema';
import type { SubmissionRow } from './create-submission';

export type CancelResult =
  | { ok: true; submission: SubmissionRow }
  | { ok: false; reason: 'not_found' | 'forbidden' }
  | { ok: false; reason: 'final'; status: SubmissionRow['status'] };

/**
 * Cancels a queued or running submission and its unfinished jobs; a runner still holding the
 * job is fenced out from then on. Only its submitter (or an admin) may cancel it.
 */
export async function cancelSubmission(
  db: Db,
  opts: { id: string; by: { tokenId: string; admin: boolean } },
): Promise<CancelResult> {
  return db.transaction(async (tx) => {
    const [submission] = await tx.select().from(submissions).where(eq(submissions.id, opts.id)).for('update');
    if (!submission) return { ok: false, reason: 'not_found' } as const;
    if (!opts.by.admin && submission.submittedBy !== opts.by.tokenId)
      return { ok: false, reason: 'forbidden' } as const;
    if (submission.status !== 'QUEUED' && submission.status !== 'RUNNING')
      return { ok: false, reason: 'final', status: submission.status } as const;
    const [updated] = await tx
      .update(submissions)
      .set({ status: 'CANCELLED', updatedAt: sql`now()` })
      .where(eq(submissions.id, opts.id))
      .returning();
    await tx
      .update(jobs)
      .set({ status: 'CANCELLED', leaseExpiresAt: null, updatedAt: sql`now()` })
      .where(and(eq(jobs.submissionId, opts.id), inArray(jobs.status, ['QUEUED', 'LEASED', 'RUNNING'])));
    await tx
      .insert(statusEvents)
      .values({ submissionId: opts.id, status: 'CANCELLED', reason: 'cancelled by its submitter' });
    return { ok: true, submission: updated! } as const;
  });
}
