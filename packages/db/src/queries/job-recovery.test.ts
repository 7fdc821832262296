import { eq, sql } from 'drizzle-orm';
import { registry } from '@transferboard/suite/registry';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../client';
import { jobs } from '../schema';
import { createTestDb, submitTestModel, testDbKinds } from '../testing';
import { claimJob } from './claim-job';
import { completeJob } from './complete-job';
import { expireLeases } from './expire-leases';
import { findSubmission } from './find-submission';
import { heartbeatJob } from './heartbeat-job';
import { listStatusEvents } from './list-status-events';
import { listTaskOutcomes } from './list-task-outcomes';
import type { JobWriter } from './lock-fenced-job';
import { recordTaskFailure } from './record-task-failure';
import { MAX_FREE_RELEASES, releaseJob } from './release-job';
import { reportJobResults } from './report-job-results';

const RUNNER: JobWriter = { tokenId: null, admin: false };

describe.each(testDbKinds)('how jobs end and recover on %s', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());
  beforeEach(async () => {
    await handle.db.update(jobs).set({ status: 'CANCELLED' });
  });

  async function submitAndClaim(slug: string) {
    const created = await submitTestModel(handle.db, slug);
    const job = (await claimJob(handle.db, { runner: `${slug}-runner`, leaseSeconds: 60 }))!;
    return { submissionId: created.submission.id, job };
  }
  /** Moves the job's last advance (or lease) into the past, as if that much time had gone by. */
  const age = (jobId: string, column: 'progressed_at' | 'lease_expires_at', seconds: number) =>
    handle.db.execute(
      sql`update jobs set ${sql.raw(column)} = now() - make_interval(secs => ${seconds}) where id = ${jobId}`,
    );
  const beat = (
    job: { id: string; fencingToken: number },
    mark: number | null,
    stallSeconds = 30,
    task = 'linear-dtd',
  ) =>
    heartbeatJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      progress: { task, ...(mark === null ? {} : { mark }) },
      leaseSeconds: 60,
      stallSeconds,
    });
  const report = (job: { id: string; fencingToken: number }, taskSlug: string) =>
    reportJobResults(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      taskSlug,
      provenance: {},
      // The task's runner protocol: the query refuses any other.
      protocolId: registry.task(taskSlug).protocol!.id,
      protocolVersion: registry.task(taskSlug).protocol!.version,
      results: [
        { metric: taskSlug === 'linear-dtd' ? 'top1' : 'mean_per_class', value: 50, ciLow: null, ciHigh: null },
      ],
    });

  it('extends the lease while the progress mark grows, and takes back a job whose mark stood still for the stall time', async () => {
    const { submissionId, job } = await submitAndClaim('stalling');
    expect(job.progressMark).toBeNull();
    expect(await beat(job, 5)).toMatchObject({ ok: true, job: { status: 'RUNNING', progressMark: 5 } });
    await age(job.id, 'progressed_at', 20);
    // A higher mark is progress: the clock restarts.
    const advanced = await beat(job, 9);
    expect(advanced).toMatchObject({ ok: true, job: { progressMark: 9 } });
    if (!advanced.ok) return;
    expect(Date.now() - advanced.job.progressedAt!.getTime()).toBeLessThan(10_000);
    // The same mark, or a heartbeat without one, is not; inside the stall time the lease is still extended.
    await age(job.id, 'progressed_at', 20);
    expect(await beat(job, 9)).toMatchObject({ ok: true, job: { status: 'RUNNING', progressMark: 9 } });
    expect(await beat(job, null)).toMatchObject({ ok: true });
    await age(job.id, 'progressed_at', 31);
    const stalled = await beat(job, 9);
    expect(stalled).toMatchObject({
      ok: false,
      reason: 'stalled',
      job: { status: 'QUEUED', leaseExpiresAt: null, attempt: 1 },
    });
    expect((await findSubmission(handle.db, submissionId))?.status).toBe('QUEUED');
    const events = await listStatusEvents(handle.db, [submissionId]);
    expect(events.at(-1)).toMatchObject({ status: 'QUEUED', attempt: 1 });
    expect(events.at(-1)?.reason).toBe(
      'stalled: runner "stalling-runner" made no progress for 30 s (on task linear-dtd) (attempt 1 of 3): queued again',
    );
    // The stalled runner is fenced out from then on.
    expect(await beat(job, 100)).toMatchObject({ ok: false, reason: 'stale' });
    // A new claim starts a new clock: no mark yet, advanced now.
    const again = (await claimJob(handle.db, { runner: 'next', leaseSeconds: 60 }))!;
    expect(again).toMatchObject({ id: job.id, attempt: 2, progressMark: null, progress: {} });
    expect(await beat(again, 1)).toMatchObject({ ok: true, job: { progressMark: 1 } });
  });

  it('does not hold the time the runner could not reach the API (an outage) against it', async () => {
    const { job } = await submitAndClaim('cut-off');
    await beat(job, 4);
    // The last progress and the last heartbeat were both 40 s ago: the API heard nothing since (it was down).
    await handle.db.execute(
      sql`update jobs set progressed_at = now() - interval '40 seconds', updated_at = now() - interval '40 seconds' where id = ${job.id}`,
    );
    const back = await beat(job, 4);
    expect(back).toMatchObject({ ok: true, job: { status: 'RUNNING' } });
    // The clock goes on from where it stood before the gap (about at the heartbeat's time).
    if (back.ok) expect(Date.now() - back.job.progressedAt!.getTime()).toBeLessThan(10_000);
    // Without a gap, 31 s without progress is a stall.
    await age(job.id, 'progressed_at', 31);
    expect(await beat(job, 4)).toMatchObject({ ok: false, reason: 'stalled' });
  });

  it('fails a job that stalls in its last attempt, with the reason on the submission', async () => {
    const { submissionId, job } = await submitAndClaim('stalled-out');
    await handle.db.update(jobs).set({ maxAttempts: 1 }).where(eq(jobs.id, job.id));
    await age(job.id, 'progressed_at', 100);
    expect(await beat(job, null)).toMatchObject({ ok: false, reason: 'stalled', job: { status: 'FAILED' } });
    const s = await findSubmission(handle.db, submissionId);
    expect(s).toMatchObject({ status: 'FAILED' });
    expect(s?.failureReason).toMatch(
      /^stalled: runner "stalled-out-runner" made no progress for 30 s .*\(attempt 1 of 1\): no attempts left$/,
    );
  });

  it('a result counts as progress', async () => {
    const { job } = await submitAndClaim('reporting');
    await beat(job, 3);
    await age(job.id, 'progressed_at', 31);
    expect((await report(job, 'linear-dtd')).ok).toBe(true);
    expect(await beat(job, 3)).toMatchObject({ ok: true, job: { status: 'RUNNING' } });
  });

  it('lets the holder of an expired lease renew it until the sweeper takes the job back', async () => {
    const { job } = await submitAndClaim('late');
    await age(job.id, 'lease_expires_at', 5);
    // Nobody swept yet (the API was down, say): the fencing token is still the latest, so the renewal is safe.
    const renewed = await beat(job, 1);
    expect(renewed.ok).toBe(true);
    if (renewed.ok) expect(renewed.job.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    await age(job.id, 'lease_expires_at', 5);
    expect(await expireLeases(handle.db)).toHaveLength(1);
    expect(await beat(job, 2)).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('a release gives the job back without using an attempt, up to the free releases', async () => {
    const { submissionId, job } = await submitAndClaim('released');
    expect(job.attempt).toBe(1);
    const released = await releaseJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      reason: 'runner "x" stopped (SIGTERM)',
    });
    expect(released).toMatchObject({
      ok: true,
      job: { status: 'QUEUED', attempt: 0, releases: 1, leaseExpiresAt: null },
    });
    expect((await findSubmission(handle.db, submissionId))?.status).toBe('QUEUED');
    const events = await listStatusEvents(handle.db, [submissionId]);
    expect(events.at(-1)).toMatchObject({
      status: 'QUEUED',
      attempt: 1,
      reason: 'released (runner "x" stopped (SIGTERM)); attempt 1 does not count: queued again',
    });
    // The releasing runner is fenced out; the next claim is attempt 1 again, with a new fencing token.
    expect(
      await releaseJob(handle.db, { by: RUNNER, jobId: job.id, fencingToken: job.fencingToken, reason: 'again' }),
    ).toMatchObject({ ok: false, reason: 'stale' });
    let current = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect(current).toMatchObject({ attempt: 1, fencingToken: job.fencingToken + 1 });
    for (let i = 1; i < MAX_FREE_RELEASES; i++) {
      await releaseJob(handle.db, { by: RUNNER, jobId: job.id, fencingToken: current.fencingToken, reason: 'stop' });
      current = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
      expect(current.attempt).toBe(1);
    }
    // Past the free releases, each counts: attempts 1, 2 and 3 are used up, and the job fails.
    for (const attempt of [1, 2, 3]) {
      expect(current.attempt).toBe(attempt);
      const r = await releaseJob(handle.db, {
        by: RUNNER,
        jobId: job.id,
        fencingToken: current.fencingToken,
        reason: 'stop',
      });
      expect(r).toMatchObject({ ok: true, job: { status: attempt < 3 ? 'QUEUED' : 'FAILED', attempt } });
      if (attempt < 3) current = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    }
    const failed = await findSubmission(handle.db, submissionId);
    expect(failed?.status).toBe('FAILED');
    expect(failed?.failureReason).toBe(
      `released (stop); release ${MAX_FREE_RELEASES + 3} is past the ${MAX_FREE_RELEASES} free ones, so it counts as attempt 3 of 3: no attempts left`,
    );
  });

  it('re-queues a job with a failed task while attempts remain, then fails it naming the task; a later result clears it', async () => {
    const { submissionId, job } = await submitAndClaim('task-failure');
    expect((await report(job, 'linear-dtd')).ok).toBe(true);
    const failure = {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      task: 'linear-pets',
      reason: 'time limit of 600 s exceeded',
    };
    expect((await recordTaskFailure(handle.db, failure)).ok).toBe(true);
    // A retried request in the same attempt is one failure.
    expect((await recordTaskFailure(handle.db, failure)).ok).toBe(true);
    expect(await listTaskOutcomes(handle.db, [job.id])).toMatchObject([
      { taskSlug: 'linear-pets', kind: 'FAILED', failures: 1, attempt: 1 },
    ]);
    const unmeasured = [
      { task: 'linear-pets', reason: 'time limit of 600 s exceeded', kind: 'FAILED' as const },
      { task: 'linear-cifar10', reason: 'missing-data: no DATA/cifar10', kind: 'MISSING_DATA' as const },
    ];
    const first = await completeJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      unmeasured,
    });
    expect(first).toMatchObject({ ok: true, job: { status: 'QUEUED', attempt: 1, runnerName: null } });
    const s1 = await findSubmission(handle.db, submissionId);
    expect(s1?.status).toBe('QUEUED');
    const events = await listStatusEvents(handle.db, [submissionId]);
    expect(events.at(-1)?.reason).toBe(
      'attempt 1 of 3: 1 task(s) failed: linear-pets (time limit of 600 s exceeded); queued again to retry them (1 of 25 tasks measured)',
    );

    for (const attempt of [2, 3]) {
      const next = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
      expect(next).toMatchObject({ id: job.id, attempt });
      await recordTaskFailure(handle.db, { ...failure, fencingToken: next.fencingToken });
      const ended = await completeJob(handle.db, {
        by: RUNNER,
        jobId: job.id,
        fencingToken: next.fencingToken,
        unmeasured,
      });
      expect(ended).toMatchObject({ ok: true, job: { status: attempt < 3 ? 'QUEUED' : 'FAILED' } });
    }
    const failed = await findSubmission(handle.db, submissionId);
    expect(failed?.status).toBe('FAILED');
    expect(failed?.failureReason).toBe(
      '1 of 25 tasks measured; 1 task(s) failed in the last attempt (3 of 3): linear-pets (time limit of 600 s exceeded)',
    );
    const outcomes = await listTaskOutcomes(handle.db, [job.id]);
    expect(outcomes.map((o) => [o.taskSlug, o.kind, o.failures]).sort()).toEqual([
      ['linear-cifar10', 'MISSING_DATA', 0],
      ['linear-pets', 'FAILED', 3],
    ]);
  });

  it('succeeds once a retried task is measured, with data missing elsewhere named but not holding it back', async () => {
    const { submissionId, job } = await submitAndClaim('task-recovers');
    await recordTaskFailure(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      task: 'linear-dtd',
      reason: 'crashed',
    });
    await completeJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      unmeasured: [{ task: 'linear-dtd', reason: 'crashed', kind: 'FAILED' }],
    });
    const next = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect((await report(next, 'linear-dtd')).ok).toBe(true);
    const done = await completeJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: next.fencingToken,
      unmeasured: [{ task: 'linear-pets', reason: 'not run: outside --tasks' }],
    });
    expect(done).toMatchObject({ ok: true, job: { status: 'SUCCEEDED' } });
    expect((await findSubmission(handle.db, submissionId))?.status).toBe('SUCCEEDED');
    const events = await listStatusEvents(handle.db, [submissionId]);
    expect(events.at(-1)?.reason).toBe(
      '1 of 25 tasks measured; no result for 1: linear-pets (not run: outside --tasks)',
    );
  });
});
