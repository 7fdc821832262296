import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobTaskOutcomes, type taskOutcomeKind } from '../schema';

export type TaskOutcomeKind = (typeof taskOutcomeKind.enumValues)[number];

export interface TaskOutcome {
  task: string;
  kind: TaskOutcomeKind;
  reason: string;
}

/**
 * Records why tasks of a job attempt have no result (inside the caller's fenced write). Recording
 * the same failure again in the same attempt (a retried request) does not count it twice;
 * `failures` counts the attempts in which the task failed.
 */
export async function upsertTaskOutcomes(
  tx: Db,
  job: { id: string; attempt: number },
  outcomes: TaskOutcome[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await tx
    .insert(jobTaskOutcomes)
    .values(
      outcomes.map((o) => ({
        jobId: job.id,
        taskSlug: o.task,
        kind: o.kind,
        reason: o.reason.slice(0, 2000),
        attempt: job.attempt,
        failures: o.kind === 'FAILED' ? 1 : 0,
      })),
    )
    .onConflictDoUpdate({
      target: [jobTaskOutcomes.jobId, jobTaskOutcomes.taskSlug],
      set: {
        kind: sql`excluded.kind`,
        reason: sql`excluded.reason`,
        attempt: sql`excluded.attempt`,
        failures: sql`${jobTaskOutcomes.failures} + case when excluded.kind = 'FAILED'
          and (${jobTaskOutcomes.kind} <> 'FAILED' or ${jobTaskOutcomes.attempt} <> excluded.attempt) then 1 else 0 end`,
        updatedAt: sql`now()`,
      },
    });
}
