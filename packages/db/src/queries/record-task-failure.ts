import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs } from '../schema';
import { lockFencedJob, type FencedJob, type JobWriter } from './lock-fenced-job';
import { upsertTaskOutcomes } from './task-outcomes';

/**
 * A runner says one task of its job failed (an error, its time limit, a result the API refused),
 * as soon as it happens, so the submission shows the task FAILED with the reason while the job
 * goes on with the others. Whether the job is retried for it is decided when the job ends
 * (completeJob). Fenced like every runner write; a task that ended counts as progress.
 */
export async function recordTaskFailure(
  db: Db,
  opts: { jobId: string; fencingToken: number; task: string; reason: string; by: JobWriter },
): Promise<FencedJob> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const fenced = await lockFencedJob(t, opts.jobId, opts.fencingToken, opts.by);
    if (!fenced.ok) return fenced;
    await upsertTaskOutcomes(t, fenced.job, [{ task: opts.task, kind: 'FAILED', reason: opts.reason }]);
    const [job] = await tx
      .update(jobs)
      .set({ progressedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(jobs.id, fenced.job.id))
      .returning();
    return { ok: true, job: job! };
  });
}
