import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@transferboard/suite/registry';
import type { DbHandle } from '../client';
import { artifacts, jobs, models } from '../schema';
import { createTestDb, testDbKinds } from '../testing';
import { authenticateApiToken } from './authenticate-api-token';
import { cancelSubmission } from './cancel-submission';
import { claimJob } from './claim-job';
import { createApiToken } from './create-api-token';
import { createSubmission, type NewSubmission } from './create-submission';
import { failJob } from './fail-job';
import { findDataVersion } from './find-data-version';
import { heartbeatJob } from './heartbeat-job';
import { listApiTokens } from './list-api-tokens';
import { listResultsPage } from './list-results-page';
import { listStatusEvents } from './list-status-events';
import { listSubmissionProgress } from './list-submission-progress';
import { listSubmissions } from './list-submissions';
import type { JobWriter } from './lock-fenced-job';
import { reportJobResults } from './report-job-results';
import { revokeApiToken } from './revoke-api-token';

/** The task's runner protocol, as reports must name it (the query refuses any other). */
function protocolOf(slug: string): { protocolId: string; protocolVersion: number } {
  const p = registry.task(slug).protocol!;
  return { protocolId: p.id, protocolVersion: p.version };
}

/** A runner token writing to jobs claimed without a claimer (the claimer rule has its own tests). */
const RUNNER: JobWriter = { tokenId: null, admin: false };
describe.each(testDbKinds)('submissions, jobs and tokens on %s', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  async function newArtifact(): Promise<string> {
    const sha256 = randomBytes(32).toString('hex');
    const [row] = await handle.db
      .insert(artifacts)
      .values({ sha256, size: 10, storageKey: `blobs/${sha256}` })
      .returning({ id: artifacts.id });
    return row!.id;
  }
  const submission = (artifactId: string, baseSlug = 'my-model'): NewSubmission => ({
    artifactId,
    suiteSlug: 'ssl-transfer-v1',
    submittedBy: null,
    baseSlug,
    model: {
      name: 'My Model',
      description: null,
      paperUrl: null,
      codeUrl: null,
      license: 'MIT',
      normalization: 'imagenet',
    },
  });

  it('creates a submission with a unique model slug, a queued job and its first event, once per artifact', async () => {
    const before = await findDataVersion(handle.db);
    const a = await createSubmission(handle.db, submission(await newArtifact()));
    const b = await createSubmission(handle.db, submission(await newArtifact()));
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect([a.modelSlug, b.modelSlug]).toEqual(['my-model', 'my-model-2']);
    expect(await findDataVersion(handle.db)).toBe(before + 2);
    const [model] = await handle.db.select().from(models).where(eq(models.slug, 'my-model'));
    expect(model?.source).toBe('submission');
    const again = await createSubmission(handle.db, submission(a.submission.artifactId));
    expect(again).toEqual({ ok: false, reason: 'duplicate', submissionId: a.submission.id });
    expect(await createSubmission(handle.db, submission('00000000-0000-4000-8000-000000000000'))).toEqual({
      ok: false,
      reason: 'artifact_not_found',
    });
    const events = await listStatusEvents(handle.db, [a.submission.id]);
    expect(events.map((e) => [e.status, e.reason])).toEqual([['QUEUED', 'submitted']]);
    // Drain the queue so the following tests see only their own jobs.
    await handle.db.update(jobs).set({ status: 'CANCELLED' });
  });

  it('claims, fences, heartbeats, reports and completes a job', async () => {
    const created = await createSubmission(handle.db, submission(await newArtifact(), 'lifecycle'));
    if (!created.ok) throw new Error('not created');
    const job = (await claimJob(handle.db, { runner: 'gpu-1', leaseSeconds: 60 }))!;
    expect(job).toMatchObject({
      id: created.jobId,
      status: 'LEASED',
      attempt: 1,
      fencingToken: 1,
      runnerName: 'gpu-1',
    });
    expect(await claimJob(handle.db, { runner: 'gpu-2', leaseSeconds: 60 })).toBeNull();
    const stale = await heartbeatJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: 0,
      progress: {},
      leaseSeconds: 60,
    });
    expect(stale).toMatchObject({ ok: false, reason: 'stale' });
    const beat = await heartbeatJob(handle.db, {
      by: RUNNER,
      jobId: job.id,
      fencingToken: 1,
      progress: { task: 'linear-cifar10', fraction: 0.5 },
      leaseSeconds: 60,
    });
    expect(beat).toMatchObject({
      ok: true,
      job: { status: 'RUNNING', progress: { task: 'linear-cifar10', fraction: 0.5 } },
    });

    const progress = await listSubmissionProgress(handle.db, {
      modelId: created.submission.modelId,
      suiteSlug: 'ssl-transfer-v1',
    });
    expect(progress).toHaveLength(25);
    expect(progress.every((p) => p.measurable && !p.done)).toBe(true);
    const versionBefore = await findDataVersion(handle.db);
    for (const [i, p] of progress.entries()) {
      const report = {
        jobId: job.id,
        fencingToken: 1,
        taskSlug: p.taskSlug,
        ...protocolOf(p.taskSlug),
        provenance: { seed: 1 },
      };
      const metric = p.taskSlug === 'dense-nyuv2-normals' ? 'mean_angle_error' : 'x';
      const r = await reportJobResults(handle.db, {
        by: RUNNER,
        ...report,
        results: [{ metric: i === 0 ? 'mean_per_class' : metric, value: 50, ciLow: null, ciHigh: null }],
      });
      expect(r.ok).toBe(true);
    }
    // Reporting non-primary metrics does not complete tasks: only linear-aircraft and the normals are done.
    const partial = await listSubmissionProgress(handle.db, {
      modelId: created.submission.modelId,
      suiteSlug: 'ssl-transfer-v1',
    });
    expect(partial.filter((p) => p.done).map((p) => p.taskSlug)).toEqual(['linear-aircraft', 'dense-nyuv2-normals']);
    expect(await findDataVersion(handle.db)).toBeGreaterThan(versionBefore);
    const { listTasks } = await import('./list-tasks');
    const tasks = await listTasks(handle.db, { suite: 'ssl-transfer-v1' });
    let last: Awaited<ReturnType<typeof reportJobResults>> | undefined;
    const done = new Set(partial.filter((p) => p.done).map((p) => p.taskSlug));
    for (const t of tasks.filter((x) => !done.has(x.slug))) {
      expect(last?.ok ?? true).toBe(true);
      last = await reportJobResults(handle.db, {
        by: RUNNER,
        jobId: job.id,
        fencingToken: 1,
        taskSlug: t.slug,
        ...protocolOf(t.slug),
        provenance: {},
        results: [{ metric: t.primaryMetric, value: 60, ciLow: 59, ciHigh: 61 }],
      });
    }
    expect(last).toMatchObject({ ok: true, job: { status: 'SUCCEEDED', leaseExpiresAt: null } });
    const events = await listStatusEvents(handle.db, [created.submission.id]);
    expect(events.map((e) => e.status)).toEqual(['QUEUED', 'LEASED', 'RUNNING', 'SUCCEEDED']);
    // The job is over: any further write is fenced out.
    expect(
      await reportJobResults(handle.db, {
        by: RUNNER,
        jobId: job.id,
        fencingToken: 1,
        taskSlug: 'linear-cifar10',
        ...protocolOf('linear-cifar10'),
        provenance: {},
        results: [{ metric: 'top1', value: 1, ciLow: null, ciHigh: null }],
      }),
    ).toMatchObject({ ok: false, reason: 'stale' });
    const measured = await listResultsPage(handle.db, {
      first: 100,
      filter: { modelSlug: 'lifecycle', metric: 'top1', source: 'measured' },
    });
    expect(measured.results.every((r) => r.value === 60 && r.jobId === job.id && r.provenance.jobId === job.id)).toBe(
      true,
    );
    expect(measured.totalCount).toBe(6); // cars, cifar10, cifar100, dtd, food, sun397
  });

  it("stores results only under the task's runner protocol: any other is refused and nothing is written", async () => {
    const created = await createSubmission(handle.db, submission(await newArtifact(), 'protocol-check'));
    if (!created.ok) throw new Error('submission');
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    const report = {
      by: RUNNER,
      jobId: job.id,
      fencingToken: job.fencingToken,
      taskSlug: 'fewshot-eurosat-5shot',
      provenance: {},
      results: [{ metric: 'accuracy', value: 70, ciLow: null, ciHigh: null }],
    };
    for (const wrong of [
      { protocolId: 'fewshot-protonet-linear-preprocessing', protocolVersion: 1 },
      { protocolId: 'fewshot-protonet', protocolVersion: 2 },
      { protocolId: 'linear-lbfgs', protocolVersion: 1 },
    ]) {
      expect(await reportJobResults(handle.db, { ...report, ...wrong })).toEqual({
        ok: false,
        reason: 'protocol_mismatch',
      });
    }
    const [row] = await handle.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(row?.status).toBe('LEASED');
    expect((await listResultsPage(handle.db, { first: 10, filter: { modelSlug: 'protocol-check' } })).totalCount).toBe(
      0,
    );
    expect(await reportJobResults(handle.db, { ...report, ...protocolOf('fewshot-eurosat-5shot') })).toMatchObject({
      ok: true,
      job: { status: 'RUNNING' },
    });
    await handle.db.update(jobs).set({ status: 'CANCELLED' }).where(eq(jobs.id, job.id));
  });

  it('re-queues retryable failures until the attempts run out, then fails with the reason', async () => {
    const created = await createSubmission(handle.db, submission(await newArtifact(), 'flaky'));
    if (!created.ok) throw new Error('not created');
    for (let attempt = 1; attempt <= 3; attempt++) {
      const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
      expect(job.attempt).toBe(attempt);
      const failed = await failJob(handle.db, {
        by: RUNNER,
        jobId: job.id,
        fencingToken: job.fencingToken,
        reason: 'CUDA out of memory',
        retryable: true,
      });
      expect(failed).toMatchObject({
        ok: true,
        job: { status: attempt < 3 ? 'QUEUED' : 'FAILED', lastError: 'CUDA out of memory' },
      });
      // The old fencing token is dead after the failure.
      expect(
        (
          await failJob(handle.db, {
            by: RUNNER,
            jobId: job.id,
            fencingToken: job.fencingToken,
            reason: 'again',
            retryable: false,
          })
        ).ok,
      ).toBe(false);
    }
    const events = await listStatusEvents(handle.db, [created.submission.id]);
    expect(events.filter((e) => e.status !== 'LEASED').map((e) => e.reason)).toEqual([
      'submitted',
      'attempt 1 of 3 failed, queued again: CUDA out of memory',
      'attempt 2 of 3 failed, queued again: CUDA out of memory',
      'CUDA out of memory',
    ]);
    const page = await listSubmissions(handle.db, { first: 10, status: 'FAILED' });
    expect(page.submissions.map((s) => [s.id, s.failureReason])).toEqual([
      [created.submission.id, 'CUDA out of memory'],
    ]);
  });

  it("cancels only its own submitter's live submissions and fences the runner out", async () => {
    const token = await createApiToken(handle.db, {
      name: 'alice',
      role: 'submitter',
      tokenHash: 'h-alice',
      prefix: 'tb_alice',
    });
    const created = await createSubmission(handle.db, {
      ...submission(await newArtifact(), 'cancel-me'),
      submittedBy: token.id,
    });
    if (!created.ok) throw new Error('not created');
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect(
      await cancelSubmission(handle.db, {
        id: created.submission.id,
        by: { tokenId: '00000000-0000-4000-8000-000000000000', admin: false },
      }),
    ).toEqual({ ok: false, reason: 'forbidden' });
    const cancelled = await cancelSubmission(handle.db, {
      id: created.submission.id,
      by: { tokenId: token.id, admin: false },
    });
    expect(cancelled).toMatchObject({ ok: true, submission: { status: 'CANCELLED' } });
    expect(
      await cancelSubmission(handle.db, { id: created.submission.id, by: { tokenId: token.id, admin: true } }),
    ).toEqual({ ok: false, reason: 'final', status: 'CANCELLED' });
    expect(
      await heartbeatJob(handle.db, {
        by: RUNNER,
        jobId: job.id,
        fencingToken: job.fencingToken,
        progress: {},
        leaseSeconds: 60,
      }),
    ).toMatchObject({ ok: false, reason: 'stale' });
    expect(
      await heartbeatJob(handle.db, {
        by: RUNNER,
        jobId: '00000000-0000-4000-8000-000000000000',
        fencingToken: 1,
        progress: {},
        leaseSeconds: 60,
      }),
    ).toEqual({ ok: false, reason: 'not_found' });
  });

  it('pages submissions newest first without skipping rows', async () => {
    const all = await listSubmissions(handle.db, { first: 100 });
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await listSubmissions(handle.db, { first: 2, after });
      seen.push(...page.submissions.map((s) => s.id));
      if (!page.hasNextPage) break;
      after = page.submissions.at(-1)!.id;
    }
    expect(seen).toEqual(all.submissions.map((s) => s.id));
    expect(all.totalCount).toBe(seen.length);
  });

  it('authenticates live tokens only, and revokes by prefix', async () => {
    await createApiToken(handle.db, { name: 'bot', role: 'runner', tokenHash: 'h-bot', prefix: 'tb_bot' });
    expect(await authenticateApiToken(handle.db, 'h-bot')).toMatchObject({ name: 'bot', role: 'runner' });
    expect(await authenticateApiToken(handle.db, 'nope')).toBeNull();
    expect((await listApiTokens(handle.db)).find((t) => t.prefix === 'tb_bot')?.lastUsedAt).toBeInstanceOf(Date);
    expect(await revokeApiToken(handle.db, 'tb_bot')).toEqual({ revoked: 1, ambiguous: false });
    expect(await authenticateApiToken(handle.db, 'h-bot')).toBeNull();
    expect(await revokeApiToken(handle.db, 'tb_bot')).toEqual({ revoked: 0, ambiguous: false });
  });

  it('pages results by a keyset cursor under filters', async () => {
    const first = await listResultsPage(handle.db, {
      first: 50,
      filter: { suite: 'ssl-transfer-v1', source: 'reported', modelSlug: 'byol' },
    });
    expect(first.totalCount).toBe(25 + 2 + 4); // primaries plus AP, AP75 of detection and four more normals metrics
    const rest = await listResultsPage(handle.db, {
      first: 50,
      after: first.results.at(-1)!.id,
      filter: { modelSlug: 'byol', suite: 'ssl-transfer-v1', source: 'reported' },
    });
    expect(first.results.length + rest.results.length).toBe(first.totalCount);
  });
});
