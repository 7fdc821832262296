import { randomBytes } from 'node:crypto';
import { artifacts } from '@transferboard/db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';
import { runnerPseudonym } from './redact';

const CLAIM = 'mutation($runner: String!) { claimJob(runner: $runner) { id fencingToken runner } }';
const REPORT = `mutation($id: ID!, $t: Int!, $provenance: JSON) {
  reportResults(jobId: $id, fencingToken: $t, task: "linear-cars", results: [{ metric: "top1", value: 51 }],
    provenance: $provenance, protocol: { id: "linear-lbfgs", version: 1 }) { id } }`;
const FAIL =
  'mutation($id: ID!, $t: Int!, $reason: String!) ' +
  '{ failJob(jobId: $id, fencingToken: $t, reason: $reason, retryable: false) { status } }';
const TASK_FAILED =
  'mutation($id: ID!, $t: Int!, $reason: String!) ' +
  '{ reportTaskFailure(jobId: $id, fencingToken: $t, task: "linear-voc2007", reason: $reason) { status } }';
const READ = `query($id: ID!, $model: String!) {
  submission(id: $id) {
    failureReason events { status reason } job { runner lastError progress } progress { task { slug } status reason }
  }
  model(slug: $model) { results(source: MEASURED) { provenance } }
}`;

const HOST = 'gpu-box-7.lab.internal';
const RUNNER = `${HOST}-4242`;
const REASON =
  "ENOENT: no such file or directory, open '/home/alice/data/voc2007/JPEGImages/000005.jpg' " +
  `on ${RUNNER} (linux 6.1.0-18-amd64, 10.0.3.7)`;
const PROVENANCE = {
  model: { file: '/home/alice/.cache/transferboard/models/0a1b2c.onnx', sha256: '0a1b2c' },
  // The runner's own record of itself: kept beside the name the API adds (runnerName).
  runner: { version: '0.1.0', executionProvider: 'cpu' },
  environment: {
    onnxruntime: '1.30.0',
    platform: 'linux 6.1.0-18-amd64',
    cpu: 'AMD EPYC 7B13',
    cores: 2,
    hostname: 'gpu-box-7',
  },
  note: `features cached under /var/cache/tb/${HOST} by gpu-box-7.lab.internal-4242`,
};

const PROGRESS = { phase: 'features', task: 'linear-voc2007', fraction: 0.5, cache: '/home/alice/.cache/tb/features' };

/** Anonymous readers get the reason without the host; runner and admin tokens get every word. */
describe('runner host details', () => {
  let h: Harness;
  const tokens = { submitter: '', runner: '', admin: '' };
  let submissionId = '';
  let modelSlug = '';

  beforeAll(async () => {
    h = await startHarness('pglite');
    for (const role of ['submitter', 'runner', 'admin'] as const)
      tokens[role] = (await createToken(h.db.db, { role, name: `privacy-${role}` })).token;
    const sha256 = randomBytes(32).toString('hex');
    const [a] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256 })
      .returning({ id: artifacts.id });
    const submitted = await h.gql(
      'mutation($i: SubmitModelInput!) { submitModel(input: $i) { id model { slug } } }',
      { i: { artifactId: a!.id, name: 'Private Host' } },
      tokens.submitter,
    );
    submissionId = submitted.json.data.submitModel.id;
    modelSlug = submitted.json.data.submitModel.model.slug;
    const job = (await h.gql(CLAIM, { runner: RUNNER }, tokens.runner)).json.data.claimJob;
    expect(job.runner).toBe(RUNNER); // the runner itself sees its own name
    const beat =
      'mutation($id: ID!, $t: Int!, $p: JSON) { heartbeat(jobId: $id, fencingToken: $t, progress: $p) { id } }';
    expect(
      (await h.gql(beat, { id: job.id, t: job.fencingToken, p: PROGRESS }, tokens.runner)).json.errors,
    ).toBeUndefined();
    expect(
      (await h.gql(REPORT, { id: job.id, t: job.fencingToken, provenance: PROVENANCE }, tokens.runner)).json.errors,
    ).toBeUndefined();
    expect(
      (await h.gql(TASK_FAILED, { id: job.id, t: job.fencingToken, reason: REASON }, tokens.runner)).json.errors,
    ).toBeUndefined();
    expect(
      (await h.gql(FAIL, { id: job.id, t: job.fencingToken, reason: REASON }, tokens.runner)).json.data.failJob.status,
    ).toBe('FAILED');
  });
  afterAll(async () => h?.close());

  it('hides the host, its paths, kernel and addresses from anonymous readers, keeping the reason', async () => {
    const res = await h.gql(READ, { id: submissionId, model: modelSlug });
    expect(res.json.errors).toBeUndefined();
    const { submission, model } = res.json.data;
    const text = JSON.stringify(res.json.data);
    for (const secret of ['gpu-box-7', 'alice', '/home', '/var/cache', '6.1.0-18', '10.0.3.7', 'lab.internal'])
      expect(text).not.toContain(secret);
    expect(submission.failureReason).toBe(
      "ENOENT: no such file or directory, open '<path>/000005.jpg' on <host> (linux <kernel>, <address>)",
    );
    expect(submission.job.lastError).toBe(submission.failureReason);
    const failedTask = (s: any) => s.progress.find((p: any) => p.task.slug === 'linear-voc2007');
    expect(failedTask(submission)).toMatchObject({ status: 'FAILED', reason: submission.failureReason });
    expect(submission.job.runner).toBe(runnerPseudonym(RUNNER));
    expect(submission.job.progress).toEqual({ ...PROGRESS, cache: '<path>/features' });
    expect(submission.events.find((e: any) => e.status === 'LEASED').reason).toBe(`claimed by runner "<host>"`);
    // The API records the runner's name in the provenance as `runnerName`, beside the runner's own record.
    expect(model.results[0].provenance).toMatchObject({
      model: { file: '<path>/0a1b2c.onnx', sha256: '0a1b2c' },
      environment: { platform: 'linux', cpu: 'AMD EPYC 7B13', onnxruntime: '1.30.0', hostname: '<redacted>' },
      note: 'features cached under <path>/<host> by <host>',
      runner: { version: '0.1.0', executionProvider: 'cpu' },
      runnerName: runnerPseudonym(RUNNER),
    });
  });

  it('shows runner and admin tokens every detail', async () => {
    for (const token of [tokens.runner, tokens.admin]) {
      const { submission, model } = (await h.gql(READ, { id: submissionId, model: modelSlug }, token)).json.data;
      expect(submission.failureReason).toBe(REASON);
      expect(submission.job).toEqual({ runner: RUNNER, lastError: REASON, progress: PROGRESS });
      expect(submission.progress.find((p: any) => p.task.slug === 'linear-voc2007')).toMatchObject({
        status: 'FAILED',
        reason: REASON,
      });
      expect(submission.events.find((e: any) => e.status === 'LEASED').reason).toBe(`claimed by runner "${RUNNER}"`);
      expect(model.results[0].provenance).toMatchObject({ ...PROVENANCE, runnerName: RUNNER });
    }
  });

  it('shows a submitter token what the public sees', async () => {
    const { submission } = (await h.gql(READ, { id: submissionId, model: modelSlug }, tokens.submitter)).json.data;
    expect(submission.failureReason).not.toContain('alice');
    expect(submission.job.runner).toBe(runnerPseudonym(RUNNER));
  });

  it("never lets a cached anonymous answer reach a token, nor a token's answer reach the public", async () => {
    const query = `query($model: String!) { model(slug: $model) { results(source: MEASURED) { provenance } } }`;
    const anonymous = async () =>
      (await h.gql(query, { model: modelSlug })).json.data.model.results[0].provenance.model.file;
    expect(await anonymous()).toBe('<path>/0a1b2c.onnx');
    expect(
      (await h.gql(query, { model: modelSlug }, tokens.admin)).json.data.model.results[0].provenance.model.file,
    ).toBe(PROVENANCE.model.file);
    expect(await anonymous()).toBe('<path>/0a1b2c.onnx');
  });
});
