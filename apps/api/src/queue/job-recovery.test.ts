import { randomBytes } from 'node:crypto';
import { artifacts, jobs, submissions } from '@transferboard/db/schema';
import { registry } from '@transferboard/suite/registry';
import { testDbKinds } from '@transferboard/db/testing';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';
import { runnerPseudonym } from '../privacy/redact';
import { startLeaseSweeper } from './lease-sweeper';

const SUBMIT = `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id model { slug } } }`;
const CLAIM = `mutation { claimJob(runner: "host-1") { id attempt fencingToken tasks { slug primaryMetric } } }`;
const REPORT = `mutation($jobId: ID!, $t: Int!, $task: String!, $results: [MetricValueInput!]!, $protocol: ProtocolRefInput) {
  reportResults(jobId: $jobId, fencingToken: $t, task: $task, results: $results, protocol: $protocol) { id status } }`;
const PROGRESS = `query($id: ID!) { submission(id: $id) { status failureReason progress { task { slug } status reason failures }
  events { status reason attempt } job { status attempt progressedAt lastError } } }`;

describe.each(testDbKinds)('how jobs end and recover, through GraphQL, on %s', (kind) => {
  let h: Harness;
  const tokens = { submitter: '', runner: '', admin: '' };
  beforeAll(async () => {
    h = await startHarness(kind, { stallSeconds: 60, leaseSeconds: 60 });
    for (const role of ['submitter', 'runner', 'admin'] as const)
      tokens[role] = (await createToken(h.db.db, { role, name: `${role}-r` })).token;
  });
  afterAll(async () => h?.close());
  beforeEach(async () => {
    await h.db.db.update(jobs).set({ status: 'CANCELLED' });
    await h.db.db.update(submissions).set({ status: 'CANCELLED' });
  });

  async function submitAndClaim(name: string) {
    const sha256 = randomBytes(32).toString('hex');
    const [a] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256 })
      .returning({ id: artifacts.id });
    const submitted = await h.gql(SUBMIT, { input: { artifactId: a!.id, name } }, tokens.submitter);
    expect(submitted.json.errors).toBeUndefined();
    const job = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
    return {
      submission: submitted.json.data.submitModel as { id: string; model: { slug: string } },
      job: job as { id: string; attempt: number; fencingToken: number },
    };
  }
  /** reportResults under the task's runner protocol, as a runner sends it. */
  const report = (vars: { task: string } & Record<string, unknown>) => {
    const { id, version } = registry.task(vars.task).protocol!;
    return h.gql(REPORT, { ...vars, protocol: { id, version } }, tokens.runner);
  };
  const progressOf = async (id: string) => (await h.gql(PROGRESS, { id })).json.data.submission;

  it("stores a float within rounding of a metric's bound as the bound, and refuses one genuinely out of range", async () => {
    const { submission, job } = await submitAndClaim('Perfect VOC Net');
    // The value a runner computed for an 11-point mAP on VOC2007: eleven precisions of 1.
    const ok = await report({
      jobId: job.id,
      t: job.fencingToken,
      task: 'linear-voc2007',
      results: [{ metric: 'map11', value: 100.00000000000003 }],
    });
    expect(ok.json.errors).toBeUndefined();
    const interval = await report({
      jobId: job.id,
      t: job.fencingToken,
      task: 'fewshot-eurosat-5shot',
      results: [{ metric: 'accuracy', value: 100, ciLow: 99.5, ciHigh: 100.00000000000003 }],
    });
    expect(interval.json.errors).toBeUndefined();
    const stored = await h.gql(
      `query($m: String!) { results(filter: { model: $m, source: MEASURED }) { edges { node { task { slug } value ciLow ciHigh } } } }`,
      { m: submission.model.slug },
    );
    const byTask = Object.fromEntries(stored.json.data.results.edges.map((e: any) => [e.node.task.slug, e.node]));
    expect(byTask['linear-voc2007']).toMatchObject({ value: 100, ciLow: null, ciHigh: null });
    expect(byTask['fewshot-eurosat-5shot']).toMatchObject({ value: 100, ciLow: 99.5, ciHigh: 100 });
    for (const [value, ciHigh] of [
      [100.001, null],
      [100, 100.01],
      [-0.5, null],
    ] as const) {
      const bad = await report({
        jobId: job.id,
        t: job.fencingToken,
        task: 'linear-pets',
        results: [{ metric: 'mean_per_class', value, ...(ciHigh === null ? {} : { ciLow: 99, ciHigh }) }],
      });
      expect(bad.json.errors[0]).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT' },
        message: expect.stringMatching(/is outside 0–100, the range of mean_per_class/),
      });
    }
    expect((await progressOf(submission.id)).progress.find((p: any) => p.task.slug === 'linear-pets').status).toBe(
      'PENDING',
    );
  });

  it('shows a failed task FAILED with its reason at once, re-queues the job for it, and fails the submission after the last attempt', async () => {
    const { submission, job } = await submitAndClaim('Flaky Task Net');
    const FAIL_TASK = `mutation($id: ID!, $t: Int!, $task: String!, $reason: String!) { reportTaskFailure(jobId: $id, fencingToken: $t, task: $task, reason: $reason) { status } }`;
    const reason = 'time limit: linear-pets ran for 600 s, its limit (docs/submissions.md); the task was killed';
    const failed = await h.gql(
      FAIL_TASK,
      { id: job.id, t: job.fencingToken, task: 'linear-pets', reason },
      tokens.runner,
    );
    expect(failed.json.data.reportTaskFailure).toEqual({ status: 'LEASED' });
    const unknown = await h.gql(
      FAIL_TASK,
      { id: job.id, t: job.fencingToken, task: 'linear-petz', reason },
      tokens.runner,
    );
    expect(unknown.json.errors[0]).toMatchObject({
      extensions: { code: 'NOT_FOUND' },
      message: expect.stringMatching(/Did you mean "linear-pets"/),
    });
    const submitterTry = await h.gql(
      FAIL_TASK,
      { id: job.id, t: job.fencingToken, task: 'linear-pets', reason },
      tokens.submitter,
    );
    expect(submitterTry.json.errors[0].extensions.code).toBe('FORBIDDEN');
    let now = await progressOf(submission.id);
    expect(now.progress.find((p: any) => p.task.slug === 'linear-pets')).toEqual({
      task: { slug: 'linear-pets' },
      status: 'FAILED',
      reason,
      failures: 1,
    });

    const COMPLETE = `mutation($id: ID!, $t: Int!, $u: [UnmeasuredTaskInput!]!) { completeJob(jobId: $id, fencingToken: $t, unmeasured: $u) { status attempt } }`;
    const unmeasured = [
      { task: 'linear-pets', reason, kind: 'FAILED' },
      { task: 'linear-cifar10', reason: 'missing-data: no DATA/cifar10', kind: 'MISSING_DATA' },
    ];
    expect(
      (await h.gql(COMPLETE, { id: job.id, t: job.fencingToken, u: unmeasured }, tokens.runner)).json.data.completeJob,
    ).toEqual({ status: 'QUEUED', attempt: 1 });
    now = await progressOf(submission.id);
    expect(now.status).toBe('QUEUED');
    // While the job waits to be retried the data that was missing on one host may be on the next: still pending.
    expect(now.progress.find((p: any) => p.task.slug === 'linear-cifar10')).toMatchObject({
      status: 'PENDING',
      reason: null,
    });
    for (const attempt of [2, 3]) {
      const next = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
      expect(next).toMatchObject({ id: job.id, attempt });
      await h.gql(FAIL_TASK, { id: job.id, t: next.fencingToken, task: 'linear-pets', reason }, tokens.runner);
      await h.gql(COMPLETE, { id: job.id, t: next.fencingToken, u: unmeasured }, tokens.runner);
    }
    now = await progressOf(submission.id);
    expect(now.status).toBe('FAILED');
    expect(now.failureReason).toBe(
      `0 of 25 tasks measured; 1 task(s) failed in the last attempt (3 of 3): linear-pets (${reason})`,
    );
    expect(now.progress.find((p: any) => p.task.slug === 'linear-pets')).toMatchObject({
      status: 'FAILED',
      reason,
      failures: 3,
    });
    expect(now.progress.find((p: any) => p.task.slug === 'linear-cifar10')).toMatchObject({
      status: 'NOT_RUN',
      reason: 'missing-data: no DATA/cifar10',
    });
    expect(now.events.map((e: any) => `${e.status}:${e.attempt}`)).toEqual([
      'QUEUED:0',
      'LEASED:1',
      'QUEUED:1',
      'LEASED:2',
      'QUEUED:2',
      'LEASED:3',
      'FAILED:3',
    ]);
  });

  it('a release does not use up an attempt; an admin may release any job', async () => {
    const { submission, job } = await submitAndClaim('Released Net');
    const RELEASE = `mutation($id: ID!, $t: Int!) { releaseJob(jobId: $id, fencingToken: $t, reason: "runner stopped (SIGTERM)") { status attempt } }`;
    expect((await h.gql(RELEASE, { id: job.id, t: job.fencingToken }, tokens.runner)).json.data.releaseJob).toEqual({
      status: 'QUEUED',
      attempt: 0,
    });
    expect(
      (await h.gql(RELEASE, { id: job.id, t: job.fencingToken }, tokens.runner)).json.errors[0].extensions.code,
    ).toBe('STALE_LEASE');
    const again = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
    expect(again).toMatchObject({ id: job.id, attempt: 1 });
    expect((await h.gql(RELEASE, { id: job.id, t: again.fencingToken }, tokens.admin)).json.data.releaseJob).toEqual({
      status: 'QUEUED',
      attempt: 0,
    });
    expect(
      (await h.gql(RELEASE, { id: job.id, t: again.fencingToken + 1 }, tokens.submitter)).json.errors[0].extensions
        .code,
    ).toBe('FORBIDDEN');
    const events = (await progressOf(submission.id)).events;
    expect(events.at(-1)).toEqual({
      status: 'QUEUED',
      attempt: 1,
      reason: 'released (runner stopped (SIGTERM)); attempt 1 does not count: queued again',
    });
  });

  it('takes back a job whose progress mark stood still for the stall time: JOB_STALLED to the runner, the reason on the submission', async () => {
    const { submission, job } = await submitAndClaim('Hung Net');
    const BEAT = `mutation($id: ID!, $t: Int!, $p: JSON) { heartbeat(jobId: $id, fencingToken: $t, progress: $p) { status progressedAt } }`;
    const first = await h.gql(
      BEAT,
      { id: job.id, t: job.fencingToken, p: { task: 'linear-dtd', mark: 10 } },
      tokens.runner,
    );
    expect(first.json.data.heartbeat.status).toBe('RUNNING');
    await h.db.db.update(jobs).set({ progressedAt: sql`now() - interval '61 seconds'` }).where(eq(jobs.id, job.id));
    const stalled = await h.gql(
      BEAT,
      { id: job.id, t: job.fencingToken, p: { task: 'linear-dtd', mark: 10 } },
      tokens.runner,
    );
    expect(stalled.status).toBe(409);
    expect(stalled.json.errors[0]).toMatchObject({
      extensions: { code: 'JOB_STALLED', status: 'QUEUED' },
      message: expect.stringMatching(/made no progress for 60 s \(on task linear-dtd\)/),
    });
    const now = await progressOf(submission.id);
    expect(now.status).toBe('QUEUED');
    // Anonymous readers see the runner's pseudonym (privacy/redact.ts), not its host name.
    const reason = `stalled: runner "${runnerPseudonym('host-1')}" made no progress for 60 s (on task linear-dtd) (attempt 1 of 3): queued again`;
    expect(now.events.at(-1)).toMatchObject({ status: 'QUEUED', attempt: 1, reason });
    expect(now.job.lastError).toMatch(/^stalled: /);
  });

  it('after its start and after an outage, the lease sweeper gives every lease one lease period before expiring it', async () => {
    const { submission, job } = await submitAndClaim('Outage Net');
    await h.db.db.update(jobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, job.id));
    let clock = 1_000_000;
    const sweeper = startLeaseSweeper(h.db.db, pino({ level: 'silent' }), {
      intervalMs: 3_600_000,
      leaseMs: 60_000,
      now: () => clock,
    });
    try {
      const status = async () => (await progressOf(submission.id)).job.status;
      // Just started: the API may have been down while the runner worked on.
      await sweeper.tick();
      expect(await status()).toBe('LEASED');
      clock += 60_001;
      expect(sweeper.graceUntil()).toBeLessThan(clock);
      // Ticks come every intervalMs: this one is on time only because the interval is an hour.
      await sweeper.tick();
      expect(await status()).toBe('QUEUED');

      const again = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
      expect(again.attempt).toBe(2);
      await h.db.db.update(jobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, job.id));
      // The process was paused (SIGSTOP) for three intervals: the runner could not renew meanwhile.
      clock += 3 * 3_600_000;
      await sweeper.tick();
      expect(sweeper.graceUntil()).toBe(clock + 60_000);
      expect(await status()).toBe('LEASED');
      // The runner's late heartbeat renews the lease it still holds.
      const beat = await h.gql(
        `mutation($id: ID!, $t: Int!) { heartbeat(jobId: $id, fencingToken: $t, progress: { mark: 1 }) { status leaseExpiresAt } }`,
        { id: job.id, t: again.fencingToken },
        tokens.runner,
      );
      expect(beat.json.data.heartbeat.status).toBe('RUNNING');
      expect(Date.parse(beat.json.data.heartbeat.leaseExpiresAt)).toBeGreaterThan(Date.now());
    } finally {
      await sweeper.stop();
    }
  });
});
