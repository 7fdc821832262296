import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, jobTaskOutcomes, statusEvents, submissions } from '../schema';
import { bumpDataVersion } from './bump-data-version';
import { listSubmissionProgress } from './list-submission-progress';
import { lockFencedJob, type FencedJob, type JobWriter } from './lock-fenced-job';
import { upsertTaskOutcomes, type TaskOutcomeKind } from './task-outcomes';

export interface UnmeasuredTask {
  task: string;
  reason: string;
  /** FAILED tasks are retried (the job is queued again while attempts remain); default NOT_RUN. */
  kind?: TaskOutcomeKind;
}

/**
 * Ends a job attempt whose runner went through its tasks without measuring every one.
 *
 * - A task that FAILED (recorded now or earlier in the attempt) and still has no result sends the
 *   job back to the queue while attempts remain: the attempt counts, and the next runner skips
 *   the tasks already measured and tries the failed ones again. After the last attempt the job
 *   and its submission FAIL, naming each failed task and why (the measured results stay).
 * - Tasks only missing their data on the runner's host, or not run (outside its --tasks), do not
 *   hold the job back: with at least one measured result it SUCCEEDS, naming them; with none it
 *   FAILS with those reasons.
 *
 * Counts only the job's tasks (`task_slugs`; all of the suite when null). Fenced like every runner write.
 */
export async function completeJob(
  db: Db,
  opts: { jobId: string; fencingToken: number; unmeasured: UnmeasuredTask[]; by: JobWriter },
): Promise<FencedJob> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const fenced = await lockFencedJob(t, opts.jobId, opts.fencingToken, opts.by);
    if (!fenced.ok) return fenced;
    const job = fenced.job;
    await upsertTaskOutcomes(
      t,
      job,
      opts.unmeasured.map((u) => ({ task: u.task, kind: u.kind ?? 'NOT_RUN', reason: u.reason })),
    );
    const [submission] = await tx.select().from(submissions).where(eq(submissions.id, job.submissionId));
    const progress = (
      await listSubmissionProgress(t, { modelId: submission!.modelId, suiteSlug: job.suiteSlug })
    ).filter((p) => job.taskSlugs === null || job.taskSlugs.includes(p.taskSlug));
    const done = new Set(progress.filter((p) => p.done).map((p) => p.taskSlug));
    const measurable = new Set(progress.filter((p) => p.measurable).map((p) => p.taskSlug));
    const failed = (
      await tx
        .select()
        .from(jobTaskOutcomes)
        .where(and(eq(jobTaskOutcomes.jobId, job.id), eq(jobTaskOutcomes.kind, 'FAILED')))
    ).filter((o) => measurable.has(o.taskSlug) && !done.has(o.taskSlug));
    const others = opts.unmeasured.filter((u) => (u.kind ?? 'NOT_RUN') !== 'FAILED' && !done.has(u.task));
    const measured = `${done.size} of ${progress.length} tasks measured`;
    let status: 'QUEUED' | 'SUCCEEDED' | 'FAILED';
    let reason: string;
    if (failed.length) {
      const retry = job.attempt < job.maxAttempts;
      const list = groupByReason(failed.map((f) => ({ task: f.taskSlug, reason: f.reason })));
      status = retry ? 'QUEUED' : 'FAILED';
      reason = retry
        ? `attempt ${job.attempt} of ${job.maxAttempts}: ${failed.length} task(s) failed: ${list}; queued again to retry them (${measured})`
        : `${measured}; ${failed.length} task(s) failed in the last attempt (${job.attempt} of ${job.maxAttempts}): ${list}`;
    } else {
      status = done.size > 0 ? 'SUCCEEDED' : 'FAILED';
      reason = `${measured}${others.length ? `; no result for ${others.length}: ${groupByReason(others)}` : ''}`;
    }
    const requeue = status === 'QUEUED';
    const [updated] = await tx
      .update(jobs)
      .set({
        status,
        leaseExpiresAt: null,
        lastError: failed.length || others.length ? reason : null,
        updatedAt: sql`now()`,
        ...(requeue ? { runnerName: null } : {}),
      })
      .where(eq(jobs.id, job.id))
      .returning();
    // A re-evaluation ends as a job only: its submission stays SUCCEEDED, with its results.
    if (job.kind === 'SUBMISSION')
      await tx
        .update(submissions)
        .set({ status, failureReason: status === 'FAILED' ? reason : null, updatedAt: sql`now()` })
        .where(eq(submissions.id, job.submissionId));
    await tx
      .insert(statusEvents)
      .values({ submissionId: job.submissionId, jobId: job.id, status, reason, attempt: job.attempt });
    await bumpDataVersion(t);
    return { ok: true, job: updated! };
  });
}

/** "reason: task, task; reason: task": one line per distinct reason, so 23 tasks left out read as one. */
function groupByReason(unmeasured: { task: string; reason: string }[]): string {
  const byReason = new Map<string, string[]>();
  for (const u of unmeasured.slice(0, 200)) {
    const reason = u.reason.slice(0, 300);
    byReason.set(reason, [...(byReason.get(reason) ?? []), u.task]);
  }
  return [...byReason].map(([reason, tasks]) => `${tasks.join(', ')} (${reason})`).join('; ');
}
