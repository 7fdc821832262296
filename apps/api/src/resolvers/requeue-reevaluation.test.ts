import { sql } from 'drizzle-orm';
import { claimJob } from '@transferboard/db/queries/claim-job';
import { completeJob } from '@transferboard/db/queries/complete-job';
import { enqueueReevaluations } from '@transferboard/db/queries/enqueue-reevaluations';
import { failJob } from '@transferboard/db/queries/fail-job';
import { reportJobResults } from '@transferboard/db/queries/report-job-results';
import { protocolVersions } from '@transferboard/db/schema';
import { submitTestModel, testDbKinds } from '@transferboard/db/testing';
import { registry } from '@transferboard/suite/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';

const REQUEUE = `mutation($id: ID!) { requeueReevaluation(jobId: $id) { id kind status taskSlugs reason priority submission { id status } } }`;
const RUNNER = { tokenId: null, admin: false };
const LINEAR = registry.task('linear-dtd').protocol!;

/** Mutation.requeueReevaluation through HTTP: who may, what it queues, and what it refuses with which message. */
describe.each(testDbKinds)('requeueReevaluation on %s', (kind) => {
  let h: Harness;
  let admin: string;
  let submitter: string;
  /** A SUCCEEDED submission measured on linear-dtd, its protocol then bumped, its re-evaluation FAILED. */
  let setup: { submissionJobId: string; submissionId: string; failedJobId: string };

  beforeAll(async () => {
    h = await startHarness(kind);
    admin = (await createToken(h.db.db, { role: 'admin', name: 'admin-1' })).token;
    submitter = (await createToken(h.db.db, { role: 'submitter', name: 'submitter-1' })).token;
    const db = h.db.db;
    const s = await submitTestModel(db, 'requeued');
    const job = (await claimJob(db, { runner: 'r', leaseSeconds: 60 }))!;
    const report = { by: RUNNER, jobId: job.id, fencingToken: job.fencingToken, provenance: {} };
    await reportJobResults(db, {
      ...report,
      taskSlug: 'linear-dtd',
      protocolId: LINEAR.id,
      protocolVersion: LINEAR.version,
      results: [{ metric: registry.task('linear-dtd').primaryMetric, value: 50, ciLow: null, ciHigh: null }],
    });
    const rest = registry.suite('ssl-transfer-v1').taskSlugs.filter((t) => t !== 'linear-dtd');
    await completeJob(db, { ...report, unmeasured: rest.map((task) => ({ task, reason: 'not in --tasks' })) });
    // A new linear protocol version: the result goes stale, and start-up queues a re-evaluation.
    await db.execute(sql`update tasks set protocol = jsonb_set(protocol, '{version}', to_jsonb(${LINEAR.version + 1}::int))
      where protocol->>'id' = ${LINEAR.id}`);
    await db.insert(protocolVersions).values({ protocolId: LINEAR.id, version: LINEAR.version + 1 });
    expect(await enqueueReevaluations(db)).toHaveLength(1);
    const re = (await claimJob(db, { runner: 'r', leaseSeconds: 60 }))!;
    await failJob(db, {
      jobId: re.id,
      fencingToken: re.fencingToken,
      by: RUNNER,
      reason: 'no DTD here',
      retryable: false,
    });
    setup = { submissionJobId: s.jobId, submissionId: s.submission.id, failedJobId: re.id };
  }, 120_000);
  afterAll(async () => h?.close());

  const requeue = async (id: string, token?: string) => (await h.gql(REQUEUE, { id }, token)).json;

  it('is for admins only', async () => {
    expect((await requeue(setup.failedJobId)).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forbidden = await requeue(setup.failedJobId, submitter);
    expect(forbidden.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(forbidden.errors[0].message).toContain('needs an admin token; yours ("submitter-1") is a submitter token');
  });

  it('refuses what is not an ended re-evaluation, saying what to do instead', async () => {
    const own = await requeue(setup.submissionJobId, admin);
    expect(own.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(own.errors[0].message).toContain('submitted again with submitModel');
    for (const id of ['nonsense', '00000000-0000-4000-8000-000000000000'])
      expect((await requeue(id, admin)).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('queues the failed re-evaluation’s stale task again, once; the submission stays SUCCEEDED', async () => {
    const { data } = await requeue(setup.failedJobId, admin);
    expect(data.requeueReevaluation).toMatchObject({
      kind: 'REEVALUATION',
      status: 'QUEUED',
      taskSlugs: ['linear-dtd'],
      priority: 0,
      submission: { id: setup.submissionId, status: 'SUCCEEDED' },
    });
    expect(data.requeueReevaluation.reason).toContain(
      `after job ${setup.failedJobId} ended FAILED: protocol linear-lbfgs`,
    );
    // Queued now, so asked twice (a double click) it says there is nothing left, and why.
    const twice = await requeue(setup.failedJobId, admin);
    expect(twice.errors[0].extensions.code).toBe('CONFLICT');
    expect(twice.errors[0].message).toContain('covered by a queued or running job');
    // The new job is not ended either.
    const live = await requeue(data.requeueReevaluation.id, admin);
    expect(live.errors[0]).toMatchObject({ extensions: { code: 'CONFLICT', status: 'QUEUED' } });
  });
});
