import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, results, statusEvents, submissions } from '../schema';
import { bumpDataVersion } from './bump-data-version';
import { listSubmissionProgress } from './list-submission-progress';
import { lockFencedJob, type FencedJob } from './lock-fenced-job';

export interface ReportedMetric {
  metric: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface JobReport {
  jobId: string;
  fencingToken: number;
  taskSlug: string;
  protocolId: string;
  protocolVersion: number;
  results: ReportedMetric[];
  provenance: Record<string, unknown>;
}

/**
 * Stores one task's measured results for a job, fenced: idempotent (a repeated report
 * overwrites the same rows), and when every measurable task of the suite has its result the job
 * and its submission succeed. Bumps the data version so cached leaderboards refresh.
 */
export async function reportJobResults(db: Db, report: JobReport): Promise<FencedJob> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const fenced = await lockFencedJob(t, report.jobId, report.fencingToken);
    if (!fenced.ok) return fenced;
    const job = fenced.job;
    const [submission] = await tx.select().from(submissions).where(eq(submissions.id, job.submissionId));
    const provenance = { ...report.provenance, jobId: job.id, attempt: job.attempt, runner: job.runnerName };
    await tx
      .insert(results)
      .values(report.results.map((r) => ({
        modelId: submission!.modelId, taskSlug: report.taskSlug, metric: r.metric, value: r.value, ciLow: r.ciLow, ciHigh: r.ciHigh,
        source: 'measured' as const, protocolId: report.protocolId, protocolVersion: report.protocolVersion, provenance, jobId: job.id,
      })))
      .onConflictDoUpdate({
        target: [results.modelId, results.taskSlug, results.metric, results.source, results.protocolId, results.protocolVersion],
        set: { value: sql`excluded.value`, ciLow: sql`excluded.ci_low`, ciHigh: sql`excluded.ci_high`, provenance: sql`excluded.provenance`, jobId: sql`excluded.job_id` },
      });
    await bumpDataVersion(t);
    const progress = await listSubmissionProgress(t, { modelId: submission!.modelId, suiteSlug: job.suiteSlug });
    const complete = progress.every((p) => !p.measurable || p.done);
    const status = complete ? ('SUCCEEDED' as const) : ('RUNNING' as const);
    const [updated] = await tx
      .update(jobs)
      .set({ status, ...(complete ? { leaseExpiresAt: null } : {}), updatedAt: sql`now()` })
      .where(eq(jobs.id, job.id))
      .returning();
    if (job.status === 'LEASED' && !complete) {
      await tx.insert(statusEvents).values({ submissionId: job.submissionId, jobId: job.id, status: 'RUNNING', reason: `first result (${report.taskSlug})`, attempt: job.attempt });
    }
    if (complete) {
      await tx.update(submissions).set({ status: 'SUCCEEDED', updatedAt: sql`now()` }).where(eq(submissions.id, job.submissionId));
      await tx.insert(statusEvents).values({ submissionId: job.submissionId, jobId: job.id, status: 'SUCCEEDED', reason: 'every task has its result', attempt: job.attempt });
    }
    return { ok: true, job: updated! };
  });
}
