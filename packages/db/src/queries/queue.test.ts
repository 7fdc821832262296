import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registry } from '@transferboard/suite/registry';
import type { DbHandle } from '../client';
import { jobs, results } from '../schema';
import { createTestDb, submitTestModel, testDbKinds } from '../testing';
import { claimJob } from './claim-job';
import { completeJob } from './complete-job';
import { countActiveSubmissions } from './count-active-submissions';
import { createApiToken } from './create-api-token';
import { expireLeases } from './expire-leases';
import { findDataVersion } from './find-data-version';
import { findQueuePosition } from './find-queue-position';
import { failJob } from './fail-job';
import { heartbeatJob } from './heartbeat-job';
import { listStatusEvents } from './list-status-events';
import { listSubmissionProgress } from './list-submission-progress';
import { listTasks } from './list-tasks';
import type { JobWriter } from './lock-fenced-job';
import { reportJobResults } from './report-job-results';
import { findSubmission } from './find-submission';
import { rowsOf } from './job-row';

/** The task's runner protocol, as reports must name it (the query refuses any other). */
function protocolOf(slug: string): { protocolId: string; protocolVersion: number } {
  const p = registry.task(slug).protocol!;
  return { protocolId: p.id, protocolVersion: p.version };
}

/** A runner token writing to jobs claimed without a claimer (the claimer rule has its own tests). */
const RUNNER: JobWriter = { tokenId: null, admin: false };
describe.each(testDbKinds)('the job queue on %s', (kind) => {
  let handle: DbHandle;
  let tokenId: string;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    tokenId = (await createApiToken(handle.db, { name: 'q', role: 'submitter', tokenHash: `h-${kind}`, prefix: 'q' }))
      .id;
  });
  afterAll(async () => handle?.close());
  beforeEach(async () => {
    await handle.db.update(jobs).set({ status: 'CANCELLED' });
  });

  async function submit(slug: string) {
    const created = await submitTestModel(handle.db, slug, { submittedBy: tokenId });
    return created;
  }

  /** Resolves once another session waits on a lock that backend `pid` holds (pg_locks, not a guess). */
  async function waitUntilBlockedBy(pid: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [waiting] = rowsOf(
        await handle.db.execute(
          sql`select count(*)::int as n from pg_locks where not granted and ${pid} = any(pg_blocking_pids(pid))`,
        ),
      );
      if (Number(waiting!.n) > 0) return;
      if (Date.now() > deadline) throw new Error(`no session waited on a lock of backend ${pid} within 30 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  const expireNow = (jobId: string) =>
    handle.db.update(jobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, jobId));

  it("gives queue positions in claim order and counts a submitter's live submissions", async () => {
    const before = await countActiveSubmissions(handle.db, tokenId);
    const a = await submit('pos-a');
    const b = await submit('pos-b');
    expect(await findQueuePosition(handle.db, a.jobId)).toBe(1);
    expect(await findQueuePosition(handle.db, b.jobId)).toBe(2);
    expect(await countActiveSubmissions(handle.db, tokenId)).toBe(before + 2);
    const claimed = await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 });
    expect(claimed?.id).toBe(a.jobId);
    expect(await findQueuePosition(handle.db, a.jobId)).toBeNull();
    expect(await findQueuePosition(handle.db, b.jobId)).toBe(1);
  });

  it('re-queues an expired lease with a new fencing token, and fails it after the last attempt with the reason', async () => {
    const s = await submit('expiring');
    const first = (await claimJob(handle.db, { runner: 'killed', leaseSeconds: 60 }))!;
    expect(await expireLeases(handle.db)).toEqual([]); // still live
    await expireNow(first.id);
    expect(await expireLeases(handle.db)).toEqual([
      { jobId: first.id, submissionId: s.submission.id, attempt: 1, status: 'QUEUED' },
    ]);
    expect((await findSubmission(handle.db, s.submission.id))?.status).toBe('QUEUED');
    const second = (await claimJob(handle.db, { runner: 'rescuer', leaseSeconds: 60 }))!;
    expect(second).toMatchObject({ id: first.id, attempt: 2, fencingToken: first.fencingToken + 1 });
    // The lost runner comes back: its writes are fenced out.
    const late = await reportJobResults(handle.db, {
      by: RUNNER,
      jobId: first.id,
      fencingToken: first.fencingToken,
      taskSlug: 'linear-cifar10',
      ...protocolOf('linear-cifar10'),
      provenance: {},
      results: [{ metric: 'top1', value: 1, ciLow: null, ciHigh: null }],
    });
    expect(late).toMatchObject({ ok: false, reason: 'stale' });
    expect(
      (
        await heartbeatJob(handle.db, {
          by: RUNNER,
          jobId: first.id,
          fencingToken: second.fencingToken,
          progress: {},
          leaseSeconds: 60,
        })
      ).ok,
    ).toBe(true);
    await expireNow(first.id);
    await expireLeases(handle.db);
    const third = (await claimJob(handle.db, { runner: 'r3', leaseSeconds: 60 }))!;
    expect(third.attempt).toBe(3);
    await expireNow(first.id);
    expect((await expireLeases(handle.db))[0]?.status).toBe('FAILED');
    const failed = await findSubmission(handle.db, s.submission.id);
    expect(failed?.status).toBe('FAILED');
    expect(failed?.failureReason).toMatch(
      /lease of runner "r3" expired without a heartbeat \(attempt 3 of 3\): no attempts left; last error: the lease of runner "rescuer" expired/,
    );
    const events = await listStatusEvents(handle.db, [s.submission.id]);
    expect(events.map((e) => `${e.status}:${e.attempt}`)).toEqual([
      'QUEUED:0',
      'LEASED:1',
      'QUEUED:1',
      'LEASED:2',
      'RUNNING:2',
      'QUEUED:2',
      'LEASED:3',
      'FAILED:3',
    ]);
  });

  it('completes a job whose runner measured some tasks, and fails one that measured none', async () => {
    const some = await submit('partial');
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    await reportJobResults(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      taskSlug: 'linear-dtd',
      ...protocolOf('linear-dtd'),
      provenance: {},
      results: [{ metric: 'top1', value: 40, ciLow: null, ciHigh: null }],
    });
    expect(
      (await completeJob(handle.db, { by: RUNNER, jobId: job.id, fencingToken: job.fencingToken - 1, unmeasured: [] }))
        .ok,
    ).toBe(false);
    const done = await completeJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      unmeasured: [{ task: 'linear-voc2007', reason: 'missing-data: DATA/voc2007 not found' }],
    });
    expect(done).toMatchObject({ ok: true, job: { status: 'SUCCEEDED', leaseExpiresAt: null } });
    const events = await listStatusEvents(handle.db, [some.submission.id]);
    expect(events.at(-1)?.reason).toBe(
      '1 of 25 tasks measured; no result for 1: linear-voc2007 (missing-data: DATA/voc2007 not found)',
    );
    expect((await findSubmission(handle.db, some.submission.id))?.status).toBe('SUCCEEDED');

    const none = await submit('nothing');
    const job2 = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect(
      await completeJob(handle.db, {
        by: RUNNER,
        jobId: job2.id,
        fencingToken: job2.fencingToken,
        unmeasured: [{ task: 'linear-dtd', reason: 'failed: x' }],
      }),
    ).toMatchObject({ ok: true, job: { status: 'FAILED' } });
    expect((await findSubmission(handle.db, none.submission.id))?.failureReason).toBe(
      '0 of 25 tasks measured; no result for 1: linear-dtd (failed: x)',
    );
  });

  it('refuses writes from a runner token other than the claimer, valid fencing token or not, and changes nothing', async () => {
    const claimer = (
      await createApiToken(handle.db, { name: 'claimer', role: 'runner', tokenHash: `hc-${kind}`, prefix: 'c' })
    ).id;
    const intruder = (
      await createApiToken(handle.db, { name: 'intruder', role: 'runner', tokenHash: `hi-${kind}`, prefix: 'i' })
    ).id;
    const admin = (
      await createApiToken(handle.db, { name: 'admin', role: 'admin', tokenHash: `ha-${kind}`, prefix: 'a' })
    ).id;
    const s = await submit('claimed');
    const job = (await claimJob(handle.db, { runner: 'gpu-1', leaseSeconds: 60, claimedBy: { tokenId: claimer } }))!;
    expect(job.claimedBy).toBe(claimer);
    const by = { tokenId: intruder, admin: false };
    const stored = async () => ({
      job: (await handle.db.select().from(jobs).where(eq(jobs.id, job.id)))[0],
      results: (await handle.db.select().from(results).where(eq(results.modelId, s.submission.modelId))).length,
      events: (await listStatusEvents(handle.db, [s.submission.id])).length,
      submission: (await findSubmission(handle.db, s.submission.id))?.status,
      version: await findDataVersion(handle.db),
    });
    const before = await stored();
    const token = job.fencingToken;
    const report = {
      jobId: job.id,
      fencingToken: token,
      taskSlug: 'linear-dtd',
      ...protocolOf('linear-dtd'),
      provenance: {},
      results: [{ metric: 'top1', value: 1, ciLow: null, ciHigh: null }],
    };
    expect(
      await heartbeatJob(handle.db, {
        by,
        jobId: job.id,
        fencingToken: token,
        progress: { evil: true },
        leaseSeconds: 600,
      }),
    ).toMatchObject({ ok: false, reason: 'not_claimer' });
    expect(await reportJobResults(handle.db, { ...report, by })).toMatchObject({ ok: false, reason: 'not_claimer' });
    expect(
      await failJob(handle.db, { by, jobId: job.id, fencingToken: token, reason: 'sabotage', retryable: false }),
    ).toMatchObject({ ok: false, reason: 'not_claimer' });
    expect(await completeJob(handle.db, { by, jobId: job.id, fencingToken: token, unmeasured: [] })).toMatchObject({
      ok: false,
      reason: 'not_claimer',
    });
    // A stale fencing token is reported as stale first, whoever sends it.
    expect(
      await heartbeatJob(handle.db, { by, jobId: job.id, fencingToken: token - 1, progress: {}, leaseSeconds: 60 }),
    ).toMatchObject({ ok: false, reason: 'stale' });
    // Named by hash (the API's hot path), the token is checked in the write's own statement.
    const beat = { jobId: job.id, fencingToken: token, progress: {}, leaseSeconds: 60 };
    expect(await heartbeatJob(handle.db, { ...beat, by: { tokenHash: `hi-${kind}` } })).toMatchObject({
      ok: false,
      reason: 'not_claimer',
    });
    expect(await heartbeatJob(handle.db, { ...beat, by: { tokenHash: `h-${kind}` } })).toEqual({
      ok: false,
      reason: 'unauthorized',
    }); // a submitter's
    expect(await heartbeatJob(handle.db, { ...beat, by: { tokenHash: 'nobody' } })).toEqual({
      ok: false,
      reason: 'unauthorized',
    });
    expect(await stored()).toEqual(before);
    const next = await submit('claimed-next');
    expect(
      await claimJob(handle.db, { runner: 'r', leaseSeconds: 60, claimedBy: { tokenHash: `h-${kind}` } }),
    ).toBeNull();
    expect(
      await claimJob(handle.db, { runner: 'r', leaseSeconds: 60, claimedBy: { tokenHash: `hi-${kind}` } }),
    ).toMatchObject({ id: next.jobId, claimedBy: intruder });
    // The claimer and an admin may write.
    expect(await heartbeatJob(handle.db, { ...beat, by: { tokenHash: `hc-${kind}` } })).toMatchObject({
      ok: true,
      job: { status: 'RUNNING' },
    });
    expect(await reportJobResults(handle.db, { ...report, by: { tokenId: claimer, admin: false } })).toMatchObject({
      ok: true,
      job: { status: 'RUNNING' },
    });
    expect(
      await failJob(handle.db, {
        by: { tokenId: admin, admin: true },
        jobId: job.id,
        fencingToken: token,
        reason: 'stopped by an admin',
        retryable: false,
      }),
    ).toMatchObject({ ok: true, job: { status: 'FAILED' } });
  });

  // PGlite is one connection: real concurrency needs the server.
  if (kind === 'postgres')
    it('never hands one job to two concurrent claimers', async () => {
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) => submit(`race-${i}`)));
      const claims = await Promise.all(
        Array.from({ length: 40 }, (_, i) => claimJob(handle.db, { runner: `r${i}`, leaseSeconds: 60 })),
      );
      const got = claims.filter((c) => c !== null).map((c) => c!.id);
      expect(got).toHaveLength(20);
      expect(new Set(got).size).toBe(20);
      expect(new Set(got)).toEqual(new Set(made.map((m) => m.jobId)));
    });

  // The statement's snapshot predates a report it waited for: it must see that report's result.
  if (kind === 'postgres')
    it('completes the job when the last report waited on another write to the same job', async () => {
      const s = await submit('contended');
      const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
      const progress = await listSubmissionProgress(handle.db, {
        modelId: s.submission.modelId,
        suiteSlug: 'ssl-transfer-v1',
      });
      const primary = new Map(
        (await listTasks(handle.db, { suite: 'ssl-transfer-v1' })).map((t) => [t.slug, t.primaryMetric]),
      );
      const [last, secondLast, ...rest] = progress
        .filter((p) => p.measurable)
        .map((p) => p.taskSlug)
        .reverse();
      const row = (task: string) => ({
        modelId: s.submission.modelId,
        taskSlug: task,
        metric: primary.get(task)!,
        value: 1,
        source: 'measured' as const,
        protocolId: 'p',
        protocolVersion: 1,
        provenance: {},
      });
      await handle.db.insert(results).values(rest.map(row));
      let lastReport: Promise<unknown> | undefined;
      await handle.db.transaction(async (tx) => {
        const [holder] = rowsOf(await tx.execute(sql`select pg_backend_pid() as pid`));
        await tx.select().from(jobs).where(eq(jobs.id, job.id)).for('update');
        await tx.insert(results).values(row(secondLast!));
        await tx.update(jobs).set({ updatedAt: sql`now()` }).where(eq(jobs.id, job.id));
        lastReport = reportJobResults(handle.db, {
          by: RUNNER,
          jobId: job.id,
          fencingToken: job.fencingToken,
          taskSlug: last!,
          ...protocolOf(last!),
          provenance: {},
          results: [{ metric: primary.get(last!)!, value: 1, ciLow: null, ciHigh: null }],
        });
        await waitUntilBlockedBy(Number(holder!.pid));
      });
      expect(await lastReport).toMatchObject({ ok: true, job: { status: 'SUCCEEDED' } });
      expect((await findSubmission(handle.db, s.submission.id))?.status).toBe('SUCCEEDED');
    });
});
