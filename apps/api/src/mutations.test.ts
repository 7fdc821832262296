import { randomBytes } from 'node:crypto';
import { artifacts } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './auth/token-admin';
import { startHarness, type Harness } from './test/harness';

const SUBMIT = `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id status model { slug name source normalization license } suite { slug } events { status reason attempt at } } }`;
const CLAIM = `mutation($runner: String!) { claimJob(runner: $runner) { id status attempt fencingToken leaseExpiresAt runner model { slug } artifact { id sha256 } tasks { slug primaryMetric protocol { id version } } submission { id status } } }`;
const REPORT = `mutation($jobId: ID!, $fencingToken: Int!, $task: String!, $results: [MetricValueInput!]!, $provenance: JSON, $protocol: ProtocolRefInput) {
  reportResults(jobId: $jobId, fencingToken: $fencingToken, task: $task, results: $results, provenance: $provenance, protocol: $protocol) { id status } }`;
const LINEAR = { id: 'linear-lbfgs', version: 1 };
const FEW_SHOT = { id: 'fewshot-protonet', version: 1 };

describe.each(testDbKinds)('mutations with API tokens on %s', (kind) => {
  let h: Harness;
  const tokens: Record<'submitter' | 'runner' | 'admin' | 'other' | 'otherRunner', string> = {
    submitter: '',
    runner: '',
    admin: '',
    other: '',
    otherRunner: '',
  };

  async function artifact(uploadedBy: string | null = null): Promise<string> {
    const sha256 = randomBytes(32).toString('hex');
    const [row] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256, uploadedBy })
      .returning({ id: artifacts.id });
    return row!.id;
  }

  beforeAll(async () => {
    h = await startHarness(kind);
    for (const role of ['submitter', 'runner', 'admin'] as const)
      tokens[role] = (await createToken(h.db.db, { role, name: `${role}-1` })).token;
    tokens.other = (await createToken(h.db.db, { role: 'submitter', name: 'someone-else' })).token;
    tokens.otherRunner = (await createToken(h.db.db, { role: 'runner', name: 'runner-2' })).token;
  });
  afterAll(async () => h?.close());

  it('refuses writes without a valid token (401) or with the wrong role (403)', async () => {
    const input = { artifactId: await artifact(), name: 'Nope' };
    const none = await h.gql(SUBMIT, { input });
    expect(none.status).toBe(401);
    expect(none.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(none.json.errors[0].message).toMatch(/needs a submitter API token.*npm run tokens/);
    const wrong = await h.gql(SUBMIT, { input }, `tb_${'x'.repeat(43)}`);
    expect([wrong.status, wrong.json.errors[0].extensions.code, wrong.json.errors[0].message]).toEqual([
      401,
      'UNAUTHENTICATED',
      'The API token is unknown or revoked.',
    ]);
    const garbage = await h.post(JSON.stringify({ query: SUBMIT, variables: { input } }), {
      'content-type': 'application/json',
      authorization: 'Basic abc',
    });
    expect(garbage.json.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const runner = await h.gql(SUBMIT, { input }, tokens.runner);
    expect(runner.status).toBe(403);
    expect(runner.json.errors[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: expect.stringMatching(/needs a submitter token; yours \("runner-1"\) is a runner token/),
    });
    const claim = await h.gql(CLAIM, { runner: 'x' }, tokens.submitter);
    expect(claim.json.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(claim.json.errors[0].extensions)).not.toContain('http');
  });

  it.each([
    ['a malformed artifact id', { artifactId: 'abc', name: 'M' }, /"input.artifactId" is not an artifact id/],
    [
      'an unknown artifact',
      { artifactId: '00000000-0000-4000-8000-000000000000', name: 'M' },
      /Unknown artifact .* POST \/artifacts first/,
    ],
    ['an empty name', { name: '   ' }, /"input.name" is empty/],
    ['a name without letters', { name: '!!!' }, /at least one letter or digit/],
    ['a long name', { name: 'x'.repeat(81) }, /"input.name" is longer than 80 characters/],
    ['a control character', { name: 'a\u0007b' }, /control characters/],
    ['a non-http URL', { name: 'M', paperUrl: 'javascript:alert(1)' }, /must be an http or https URL/],
    ['a broken URL', { name: 'M', codeUrl: 'not a url' }, /"input.codeUrl" is not a URL/],
    ['a bad licence', { name: 'M', license: 'MIT; DROP TABLE' }, /SPDX licence identifier/],
    ['a long description', { name: 'M', description: 'd'.repeat(2001) }, /"input.description" is longer than 2000/],
  ])('rejects submitModel with %s as BAD_USER_INPUT', async (_what, partial, message) => {
    const input = { artifactId: await artifact(), ...partial };
    const res = await h.gql(SUBMIT, { input }, tokens.submitter);
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.json.errors[0].message).toMatch(message);
    expect(res.status).toBeLessThan(500);
  });

  it('rejects wrong types and unknown input fields before running anything', async () => {
    const unknown = await h.gql(
      SUBMIT,
      { input: { artifactId: await artifact(), name: 'M', flavour: 'x' } },
      tokens.submitter,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].message).toMatch(/"flavour" is not defined/);
    const wrongType = await h.gql(
      SUBMIT,
      { input: { artifactId: await artifact(), name: 42, normalization: 'SOMETIMES' } },
      tokens.submitter,
    );
    expect(wrongType.status).toBe(400);
  });

  it('submits, claims, heartbeats, reports and completes, with history and per-task progress', async () => {
    const artifactId = await artifact();
    const submitted = await h.gql(
      SUBMIT,
      {
        input: {
          artifactId,
          name: 'MoCo v3 (ViT-free) R50',
          license: 'MIT OR Apache-2.0',
          normalization: 'NONE',
          paperUrl: 'https://arxiv.org/abs/2104.02057',
        },
      },
      tokens.submitter,
    );
    expect(submitted.json.errors).toBeUndefined();
    const s = submitted.json.data.submitModel;
    expect(s).toMatchObject({
      status: 'QUEUED',
      model: {
        slug: 'moco-v3-vit-free-r50',
        source: 'SUBMISSION',
        normalization: 'none',
        license: 'MIT OR Apache-2.0',
      },
      suite: { slug: 'ssl-transfer-v1' },
    });
    expect(s.events).toEqual([{ status: 'QUEUED', reason: 'submitted', attempt: 0, at: expect.any(String) }]);
    const dup = await h.gql(SUBMIT, { input: { artifactId, name: 'Again' } }, tokens.submitter);
    expect(dup.json.errors[0]).toMatchObject({ extensions: { code: 'CONFLICT', submissionId: s.id } });

    const claimed = (await h.gql(CLAIM, { runner: 'gpu-host-1' }, tokens.runner)).json.data.claimJob;
    expect(claimed).toMatchObject({
      status: 'LEASED',
      attempt: 1,
      fencingToken: 1,
      runner: 'gpu-host-1',
      model: { slug: 'moco-v3-vit-free-r50' },
      artifact: { id: artifactId },
      submission: { id: s.id, status: 'RUNNING' },
    });
    expect(new Date(claimed.leaseExpiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(claimed.tasks).toHaveLength(25);
    expect((await h.gql(CLAIM, { runner: 'gpu-host-2' }, tokens.runner)).json.data.claimJob).toBeNull();
    // The fencing token authorises writes: the public and submitters never see it.
    const JOB_TOKEN = `query($id: ID!) { submission(id: $id) { job { id fencingToken } } }`;
    expect((await h.gql(JOB_TOKEN, { id: s.id })).json.data.submission.job).toEqual({
      id: claimed.id,
      fencingToken: null,
    });
    expect((await h.gql(JOB_TOKEN, { id: s.id }, tokens.submitter)).json.data.submission.job.fencingToken).toBeNull();
    expect((await h.gql(JOB_TOKEN, { id: s.id }, tokens.runner)).json.data.submission.job.fencingToken).toBe(1);

    const beat = await h.gql(
      `mutation($id: ID!) { heartbeat(jobId: $id, fencingToken: 1, progress: { task: "linear-cifar10", fraction: 0.25 }) { status progress } }`,
      { id: claimed.id },
      tokens.runner,
    );
    expect(beat.json.data.heartbeat).toEqual({
      status: 'RUNNING',
      progress: { task: 'linear-cifar10', fraction: 0.25 },
    });
    const stale = await h.gql(
      `mutation($id: ID!) { heartbeat(jobId: $id, fencingToken: 7) { status } }`,
      { id: claimed.id },
      tokens.runner,
    );
    expect([stale.status, stale.json.errors[0].extensions.code]).toEqual([409, 'STALE_LEASE']);

    const bad = await h.gql(
      REPORT,
      {
        jobId: claimed.id,
        fencingToken: 1,
        task: 'linear-cars',
        results: [{ metric: 'top1', value: 140 }],
        protocol: LINEAR,
      },
      tokens.runner,
    );
    expect(bad.json.errors[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/outside 0–100/),
    });
    const wrongMetric = await h.gql(
      REPORT,
      {
        jobId: claimed.id,
        fencingToken: 1,
        task: 'linear-cars',
        results: [{ metric: 'ap50', value: 40 }],
        protocol: LINEAR,
      },
      tokens.runner,
    );
    expect(wrongMetric.json.errors[0].message).toMatch(/has no metric "ap50"; it has top1, ece, ece_temp_scaled/);
    const ci = await h.gql(
      REPORT,
      {
        jobId: claimed.id,
        fencingToken: 1,
        task: 'fewshot-isic-5shot',
        results: [{ metric: 'accuracy', value: 40, ciLow: 41, ciHigh: 45 }],
        protocol: FEW_SHOT,
      },
      tokens.runner,
    );
    expect(ci.json.errors[0].message).toMatch(/must contain the value/);

    // The comparability rule at the door: only the task's runner protocol, and it must be named.
    const refused = [
      [
        undefined,
        /Name the protocol these results were measured under: protocol: \{ id: "fewshot-protonet", version: 1 \}.*upgrade it/,
      ],
      [
        { id: 'fewshot-protonet-linear-preprocessing', version: 1 },
        /takes results measured under its runner protocol fewshot-protonet v1, not fewshot-protonet-linear-preprocessing v1/,
      ],
      [{ id: 'fewshot-protonet', version: 2 }, /fewshot-protonet v1, not fewshot-protonet v2/],
      [LINEAR, /fewshot-protonet v1, not linear-lbfgs v1/],
    ] as const;
    for (const [protocol, message] of refused) {
      const res = await h.gql(
        REPORT,
        {
          jobId: claimed.id,
          fencingToken: 1,
          task: 'fewshot-isic-5shot',
          results: [{ metric: 'accuracy', value: 40 }],
          ...(protocol ? { protocol } : {}),
        },
        tokens.runner,
      );
      expect(res.json.errors[0]).toMatchObject({
        extensions: { code: 'PROTOCOL_MISMATCH', argument: 'protocol', expected: FEW_SHOT },
        message: expect.stringMatching(message),
      });
    }
    const normalsV1 = await h.gql(
      REPORT,
      {
        jobId: claimed.id,
        fencingToken: 1,
        task: 'dense-nyuv2-normals',
        results: [{ metric: 'mean_angle_error', value: 30 }],
        protocol: { id: 'normals-frozen-probe', version: 1 },
      },
      tokens.runner,
    );
    expect(normalsV1.json.errors[0].message).toMatch(/normals-frozen-probe v2, not normals-frozen-probe v1/);
    const none = await h.gql(`{ results(filter: { model: "moco-v3-vit-free-r50" }) { edges { node { value } } } }`);
    expect(none.json.data.results.edges).toEqual([]);

    for (const task of claimed.tasks) {
      const value = task.primaryMetric === 'mean_angle_error' ? 25 : 55;
      const res = await h.gql(
        REPORT,
        {
          jobId: claimed.id,
          fencingToken: 1,
          task: task.slug,
          results: [{ metric: task.primaryMetric, value }],
          provenance: { onnxruntime: '1.30.0' },
          protocol: task.protocol,
        },
        tokens.runner,
      );
      expect(res.json.errors).toBeUndefined();
    }
    const done = await h.gql(
      `query($id: ID!) { submission(id: $id) { status events { status } progress { task { slug } status } job { status } } }`,
      { id: s.id },
    );
    expect(done.json.data.submission.status).toBe('SUCCEEDED');
    expect(done.json.data.submission.events.map((e: any) => e.status)).toEqual([
      'QUEUED',
      'LEASED',
      'RUNNING',
      'SUCCEEDED',
    ]);
    expect(done.json.data.submission.progress.every((p: any) => p.status === 'DONE')).toBe(true);

    // The new measured row is on the leaderboard at once, even though the board was cached before.
    const board = await h.gql(
      `{ leaderboard(suite: "ssl-transfer-v1", source: MEASURED) { rows { model { slug } completeness { tasksWithResults } } } }`,
    );
    expect(board.json.data.leaderboard.rows).toEqual([
      { model: { slug: 'moco-v3-vit-free-r50' }, completeness: { tasksWithResults: 25 } },
    ]);
    const results = await h.gql(
      `{ results(filter: { model: "moco-v3-vit-free-r50", task: "linear-cars" }) { edges { node { value source provenance } } } }`,
    );
    expect(results.json.data.results.edges[0].node).toMatchObject({
      value: 55,
      source: 'MEASURED',
      provenance: { onnxruntime: '1.30.0', jobId: claimed.id, attempt: 1 },
    });
  });

  it('re-queues a retryable failure and fails for good when told so', async () => {
    const s = (await h.gql(SUBMIT, { input: { artifactId: await artifact(), name: 'Flaky' } }, tokens.submitter)).json
      .data.submitModel;
    const FAIL = `mutation($id: ID!, $t: Int!, $retry: Boolean!) { failJob(jobId: $id, fencingToken: $t, reason: "CUDA error: out of memory", retryable: $retry) { status attempt lastError } }`;
    const first = (await h.gql(CLAIM, { runner: 'r1' }, tokens.runner)).json.data.claimJob;
    expect(
      (await h.gql(FAIL, { id: first.id, t: first.fencingToken, retry: true }, tokens.runner)).json.data.failJob,
    ).toEqual({ status: 'QUEUED', attempt: 1, lastError: 'CUDA error: out of memory' });
    const second = (await h.gql(CLAIM, { runner: 'r2' }, tokens.runner)).json.data.claimJob;
    expect(second).toMatchObject({ id: first.id, attempt: 2, fencingToken: first.fencingToken + 1 });
    await h.gql(FAIL, { id: second.id, t: second.fencingToken, retry: false }, tokens.runner);
    const sub = (
      await h.gql(`query($id: ID!) { submission(id: $id) { status failureReason events { status reason } } }`, {
        id: s.id,
      })
    ).json.data.submission;
    expect(sub.status).toBe('FAILED');
    expect(sub.failureReason).toBe('CUDA error: out of memory');
    expect(sub.events.map((e: any) => e.status)).toEqual(['QUEUED', 'LEASED', 'QUEUED', 'LEASED', 'FAILED']);
    const list = await h.gql(`{ submissions(status: FAILED, first: 5) { totalCount edges { node { id } } } }`);
    expect(list.json.data.submissions.edges.map((e: any) => e.node.id)).toContain(s.id);
  });

  it('takes writes to a leased job only from the token that claimed it, or an admin', async () => {
    const s = (await h.gql(SUBMIT, { input: { artifactId: await artifact(), name: 'Claimed' } }, tokens.submitter)).json
      .data.submitModel;
    // A fresh token: its writes check it inside their own statement, and still record its use.
    const claimer = (await createToken(h.db.db, { role: 'runner', name: 'claimer' })).token;
    const job = (await h.gql(CLAIM, { runner: 'honest' }, claimer)).json.data.claimJob;
    expect(job.fencingToken).toBeGreaterThan(0);
    const v = { id: job.id, t: job.fencingToken };
    const STATE = `query($id: ID!) { submission(id: $id) { status events { status } progress { status }
      job { status attempt runner leaseExpiresAt progress lastError } } }`;
    const before = (await h.gql(STATE, { id: s.id })).json.data;
    const writes = [
      `mutation($id: ID!, $t: Int!) { heartbeat(jobId: $id, fencingToken: $t, progress: { task: "linear-dtd" }) { id } }`,
      `mutation($id: ID!, $t: Int!) { reportResults(jobId: $id, fencingToken: $t, task: "linear-dtd", results: [{ metric: "top1", value: 1 }], protocol: { id: "linear-lbfgs", version: 1 }) { id } }`,
      `mutation($id: ID!, $t: Int!) { failJob(jobId: $id, fencingToken: $t, reason: "sabotage", retryable: false) { id } }`,
      `mutation($id: ID!, $t: Int!) { completeJob(jobId: $id, fencingToken: $t, unmeasured: []) { id } }`,
    ];
    for (const write of writes) {
      const res = await h.gql(write, v, tokens.otherRunner);
      expect(res.status).toBe(403);
      expect(res.json.errors[0]).toMatchObject({
        extensions: { code: 'FORBIDDEN' },
        message: expect.stringMatching(
          /claimed by another API token: only the token that claimed it \(or an admin token\)/,
        ),
      });
    }
    for (const write of writes.slice(0, 2)) {
      const [asSubmitter, unknown] = [
        await h.gql(write, v, tokens.submitter),
        await h.gql(write, v, `tb_${'x'.repeat(43)}`),
      ];
      expect([asSubmitter.status, asSubmitter.json.errors[0].extensions.code]).toEqual([403, 'FORBIDDEN']);
      expect([unknown.status, unknown.json.errors[0].message]).toEqual([401, 'The API token is unknown or revoked.']);
    }
    expect((await h.gql(STATE, { id: s.id })).json.data).toEqual(before);
    const results = await h.gql(`{ results(filter: { model: "claimed" }) { edges { node { value } } } }`);
    expect(results.json.data.results.edges).toEqual([]);
    expect((await h.gql(writes[0]!, v, claimer)).json.data.heartbeat.id).toBe(job.id);
    expect((await h.gql(writes[1]!, v, claimer)).json.data.reportResults.id).toBe(job.id);
    const { listApiTokens } = await import('@transferboard/db/queries/list-api-tokens');
    await expect
      .poll(async () => (await listApiTokens(h.db.db)).find((t) => t.name === 'claimer')?.lastUsedAt)
      .toBeInstanceOf(Date);
    expect((await h.gql(writes[2]!, v, tokens.admin)).json.data.failJob.id).toBe(job.id);
  });

  it('lets only the submitter or an admin cancel, and then fences the runner out', async () => {
    const s = (await h.gql(SUBMIT, { input: { artifactId: await artifact(), name: 'Cancel me' } }, tokens.submitter))
      .json.data.submitModel;
    const job = (await h.gql(CLAIM, { runner: 'r' }, tokens.runner)).json.data.claimJob;
    const CANCEL = `mutation($id: ID!) { cancelSubmission(id: $id) { status } }`;
    expect((await h.gql(CANCEL, { id: s.id }, tokens.other)).json.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await h.gql(CANCEL, { id: s.id }, tokens.submitter)).json.data.cancelSubmission.status).toBe('CANCELLED');
    expect((await h.gql(CANCEL, { id: s.id }, tokens.admin)).json.errors[0].extensions.code).toBe('CONFLICT');
    const late = await h.gql(
      REPORT,
      {
        jobId: job.id,
        fencingToken: job.fencingToken,
        task: 'linear-cars',
        results: [{ metric: 'top1', value: 50 }],
        protocol: LINEAR,
      },
      tokens.runner,
    );
    expect(late.json.errors[0].extensions.code).toBe('STALE_LEASE');
    expect(
      (await h.gql(`{ submission(id: "00000000-0000-4000-8000-000000000000") { id } }`)).json.errors[0].extensions.code,
    ).toBe('NOT_FOUND');
    expect((await h.gql(`{ submission(id: "not-a-uuid") { id } }`)).json.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('takes the same bytes again once their submission was cancelled or failed, never while one is live or succeeded', async () => {
    const artifactId = await artifact();
    const CANCEL = `mutation($id: ID!) { cancelSubmission(id: $id) { status } }`;
    const FAIL = `mutation($id: ID!, $f: Int!) { failJob(jobId: $id, fencingToken: $f, reason: "the model crashed", retryable: false) { status } }`;
    const submit = (name: string) => h.gql(SUBMIT, { input: { artifactId, name } }, tokens.admin);
    const first = (await submit('Resubmitted')).json.data.submitModel;
    const live = await submit('Resubmitted');
    expect(live.json.errors[0]).toMatchObject({
      extensions: { code: 'CONFLICT', submissionId: first.id },
      message: expect.stringMatching(/again once that submission is cancelled or has failed/),
    });
    expect((await h.gql(CANCEL, { id: first.id }, tokens.admin)).json.data.cancelSubmission.status).toBe('CANCELLED');

    const second = await submit('Resubmitted');
    expect(second.json.errors).toBeUndefined();
    expect(second.json.data.submitModel).toMatchObject({ status: 'QUEUED', model: { slug: 'resubmitted-2' } });
    expect(second.json.data.submitModel.id).not.toBe(first.id);
    expect((await submit('Resubmitted')).json.errors[0].extensions.submissionId).toBe(second.json.data.submitModel.id);
    const job = (await h.gql(CLAIM, { runner: 'r' }, tokens.runner)).json.data.claimJob;
    expect(job.submission.id).toBe(second.json.data.submitModel.id);
    expect((await h.gql(FAIL, { id: job.id, f: job.fencingToken }, tokens.runner)).json.data.failJob.status).toBe(
      'FAILED',
    );

    const third = (await submit('Resubmitted')).json.data.submitModel;
    expect(third).toMatchObject({ status: 'QUEUED', model: { slug: 'resubmitted-3' } });
    const history = await h.gql(`query($id: ID!) { submission(id: $id) { status } }`, { id: first.id });
    expect(history.json.data.submission.status).toBe('CANCELLED');
  });

  it("refuses to submit another token's artifact", async () => {
    const { authenticateApiToken } = await import('@transferboard/db/queries/authenticate-api-token');
    const { hashToken } = await import('./auth/tokens');
    const owner = (await authenticateApiToken(h.db.db, hashToken(tokens.other)))!;
    const artifactId = await artifact(owner.id);
    const res = await h.gql(SUBMIT, { input: { artifactId, name: 'Theirs' } }, tokens.submitter);
    expect(res.json.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(res.json.errors[0].message).toMatch(/upload the same file with your token/);
    // Uploading the same bytes (stored once, recorded per token) lets this token submit them.
    const { recordArtifactUpload } = await import('@transferboard/db/queries/record-artifact-upload');
    const me = (await authenticateApiToken(h.db.db, hashToken(tokens.submitter)))!;
    await recordArtifactUpload(h.db.db, artifactId, me.id);
    const ok = await h.gql(SUBMIT, { input: { artifactId, name: 'Same Bytes' } }, tokens.submitter);
    expect(ok.json.errors).toBeUndefined();
    expect(ok.json.data.submitModel.model.name).toBe('Same Bytes');
  });
});
