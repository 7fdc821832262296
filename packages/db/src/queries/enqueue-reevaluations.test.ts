import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registry } from '@transferboard/suite/registry';
import type { DbHandle } from '../client';
import { jobs, protocolVersions, results, submissions } from '../schema';
import { createTestDb, submitTestModel, testDbKinds } from '../testing';
import { claimJob } from './claim-job';
import { completeJob } from './complete-job';
import { createApiToken } from './create-api-token';
import { enqueueReevaluations, requeueReevaluation } from './enqueue-reevaluations';
import { failJob } from './fail-job';
import { findSubmission } from './find-submission';
import { JOB_PRIORITY } from './job-priority';
import { listSubmissionProgress } from './list-submission-progress';
import type { JobWriter } from './lock-fenced-job';
import { reportJobResults } from './report-job-results';

const RUNNER: JobWriter = { tokenId: null, admin: false };
const LINEAR = registry.task('linear-dtd').protocol!;
const TASKS = ['linear-dtd', 'linear-pets'];

describe.each(testDbKinds)('re-evaluation jobs on %s', (kind) => {
  let handle: DbHandle;
  let tokenId: string;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    tokenId = (await createApiToken(handle.db, { name: 'r', role: 'submitter', tokenHash: `re-${kind}`, prefix: 'r' }))
      .id;
  });
  afterAll(async () => handle?.close());
  beforeEach(async () => {
    // Each test starts from no bump, no live job and no earlier test's submission.
    await handle.db.update(jobs).set({ status: 'CANCELLED' });
    await handle.db.update(submissions).set({ status: 'FAILED' });
    await handle.db.delete(protocolVersions);
    await setLinearVersion(LINEAR.version);
  });

  /** What a new version of the linear protocol does: the tasks' runner protocol and the recorded versions. */
  async function setLinearVersion(version: number) {
    await handle.db.execute(sql`update tasks set protocol = jsonb_set(protocol, '{version}', to_jsonb(${version}::int))
      where protocol->>'id' = ${LINEAR.id}`);
    await handle.db.insert(protocolVersions).values({ protocolId: LINEAR.id, version }).onConflictDoNothing();
  }

  async function submit(slug: string) {
    const created = await submitTestModel(handle.db, slug, { submittedBy: tokenId });
    return created;
  }

  async function report(job: { id: string; fencingToken: number }, task: string, value: number, version: number) {
    return reportJobResults(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      taskSlug: task,
      protocolId: LINEAR.id,
      protocolVersion: version,
      provenance: {},
      results: [{ metric: registry.task(task).primaryMetric, value, ciLow: null, ciHigh: null }],
    });
  }

  /** A submission measured on TASKS under the current linear version, then SUCCEEDED (the rest NOT_RUN). */
  async function measured(slug: string) {
    const s = await submit(slug);
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect(job.id).toBe(s.jobId);
    for (const t of TASKS) await report(job, t, 50, LINEAR.version);
    const unmeasured = registry.suite('ssl-transfer-v1').taskSlugs.filter((t) => !TASKS.includes(t));
    await completeJob(handle.db, {
      jobId: job.id,
      fencingToken: job.fencingToken,
      by: RUNNER,
      unmeasured: unmeasured.map((task) => ({ task, reason: 'not in --tasks' })),
    });
    expect((await findSubmission(handle.db, s.submission.id))?.status).toBe('SUCCEEDED');
    return s;
  }

  it('claims by priority, then age: a new submission before an older re-evaluation', async () => {
    const old = await measured('prio-old');
    await setLinearVersion(LINEAR.version + 1);
    const [re] = await enqueueReevaluations(handle.db);
    const fresh = await submit('prio-new');
    const first = await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 });
    expect(first).toMatchObject({ id: fresh.jobId, priority: JOB_PRIORITY.SUBMISSION, kind: 'SUBMISSION' });
    const second = await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 });
    expect(second).toMatchObject({
      id: re!.jobId,
      submissionId: old.submission.id,
      priority: JOB_PRIORITY.REEVALUATION,
    });
  });

  it('queues exactly the stale tasks once, and only the uncovered ones when a live job covers some', async () => {
    const s = await measured('dedup');
    expect(await enqueueReevaluations(handle.db)).toEqual([]); // nothing stale: nothing queued
    await setLinearVersion(LINEAR.version + 1);
    const progress = await listSubmissionProgress(handle.db, {
      modelId: s.submission.modelId,
      suiteSlug: 'ssl-transfer-v1',
    });
    expect(progress.filter((p) => TASKS.includes(p.taskSlug)).map((p) => p.done)).toEqual([false, false]);
    // Two replicas at once: the advisory lock makes the second see the first's job.
    const [a, b] = await Promise.all([enqueueReevaluations(handle.db), enqueueReevaluations(handle.db)]);
    const queued = [...a!, ...b!];
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      submissionId: s.submission.id,
      taskSlugs: TASKS,
      reason: expect.stringMatching(
        new RegExp(`^protocol ${LINEAR.id} v${LINEAR.version} → v${LINEAR.version + 1} on `),
      ),
    });
    expect(await enqueueReevaluations(handle.db)).toEqual([]);
    // A live job covering one task: only the other is queued.
    await handle.db
      .update(jobs)
      .set({ taskSlugs: ['linear-dtd'] })
      .where(eq(jobs.id, queued[0]!.jobId));
    await handle.db.update(jobs).set({ createdAt: sql`now() - interval '1 day'` }).where(eq(jobs.id, queued[0]!.jobId));
    const rest = await enqueueReevaluations(handle.db);
    expect(rest.map((r) => r.taskSlugs)).toEqual([['linear-pets']]);
  });

  it('completes a re-evaluation over its subset only, keeps the history, and leaves the submission SUCCEEDED', async () => {
    const s = await measured('subset');
    await setLinearVersion(LINEAR.version + 1);
    const [re] = await enqueueReevaluations(handle.db);
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect(job).toMatchObject({ id: re!.jobId, taskSlugs: TASKS, kind: 'REEVALUATION' });
    expect((await report(job, 'linear-dtd', 61, LINEAR.version + 1)).ok).toBe(true);
    const [running] = await handle.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(running!.status).toBe('RUNNING');
    const done = await report(job, 'linear-pets', 62, LINEAR.version + 1);
    // 2 of the suite's 25 tasks have a result, and that is the whole job.
    expect(done).toMatchObject({ ok: true, job: { status: 'SUCCEEDED' } });
    expect((await findSubmission(handle.db, s.submission.id))?.status).toBe('SUCCEEDED');
    const history = await handle.db
      .select({ value: results.value, version: results.protocolVersion })
      .from(results)
      .where(and(eq(results.modelId, s.submission.modelId), eq(results.taskSlug, 'linear-dtd')))
      .orderBy(results.id);
    expect(history).toEqual([
      { value: 50, version: LINEAR.version },
      { value: 61, version: LINEAR.version + 1 },
    ]);
    // Fresh again: a restart queues nothing (and so does a new runner version, which changes no version).
    expect(await enqueueReevaluations(handle.db)).toEqual([]);
  });

  it('a failed re-evaluation fails the job only, and is not queued again for the same bump', async () => {
    const s = await measured('failing');
    await setLinearVersion(LINEAR.version + 1);
    await enqueueReevaluations(handle.db);
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    const failed = await failJob(handle.db, {
      jobId: job.id,
      fencingToken: job.fencingToken,
      by: RUNNER,
      reason: 'no dataset',
      retryable: false,
    });
    expect(failed).toMatchObject({ ok: true, job: { status: 'FAILED' } });
    const [sub] = await handle.db.select().from(submissions).where(eq(submissions.id, s.submission.id));
    expect(sub).toMatchObject({ status: 'SUCCEEDED', failureReason: null });
    expect(await enqueueReevaluations(handle.db)).toEqual([]);
  });

  it('an admin queues an ended re-evaluation again: its still-stale tasks, once, and nothing else', async () => {
    const s = await measured('retried');
    await setLinearVersion(LINEAR.version + 1);
    const [re] = await enqueueReevaluations(handle.db);
    expect(await requeueReevaluation(handle.db, re!.jobId)).toEqual({
      ok: false,
      reason: 'not_ended',
      status: 'QUEUED',
    });
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    await failJob(handle.db, {
      jobId: job.id,
      fencingToken: job.fencingToken,
      by: RUNNER,
      reason: 'x',
      retryable: false,
    });

    const again = await requeueReevaluation(handle.db, job.id);
    expect(again).toMatchObject({
      ok: true,
      job: { submissionId: s.submission.id, taskSlugs: TASKS, kind: 'REEVALUATION', status: 'QUEUED' },
    });
    const queued = again.ok ? again.job : null;
    expect(queued!.reason).toMatch(
      new RegExp(`^queued again by an admin after job ${job.id} ended FAILED: protocol ${LINEAR.id} v`),
    );
    // The new job is live: a second request (a double click) queues nothing more, and neither does a restart.
    expect(await requeueReevaluation(handle.db, job.id)).toEqual({ ok: false, reason: 'nothing_stale' });
    expect(await enqueueReevaluations(handle.db)).toEqual([]);

    // Measured fresh on one task, then ended: only the other is tried again.
    const second = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect(second.id).toBe(queued!.id);
    await report(second, 'linear-dtd', 70, LINEAR.version + 1);
    await completeJob(handle.db, {
      jobId: second.id,
      fencingToken: second.fencingToken,
      by: RUNNER,
      unmeasured: [{ task: 'linear-pets', reason: 'dataset missing on this host' }],
    });
    const third = await requeueReevaluation(handle.db, second.id);
    expect(third).toMatchObject({ ok: true, job: { taskSlugs: ['linear-pets'] } });

    // Only re-evaluations, and only known jobs.
    expect(await requeueReevaluation(handle.db, s.jobId)).toEqual({ ok: false, reason: 'not_reevaluation' });
    expect(await requeueReevaluation(handle.db, '00000000-0000-4000-8000-000000000000')).toEqual({
      ok: false,
      reason: 'not_found',
    });
  });
});
