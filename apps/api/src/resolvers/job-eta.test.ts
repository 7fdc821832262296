import { randomBytes } from 'node:crypto';
import { artifacts } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';
import { jobEta } from './job-eta';

const AT = '2026-12-03T17:00:00.000Z';
const running = (eta: unknown) => ({ status: 'RUNNING' as const, progress: { eta } });

describe('jobEta', () => {
  it("counts down from the runner's figure, never below zero", () => {
    const eta = { secondsLeft: 600, estimatedAt: AT, basis: 'calibrated' };
    expect(jobEta(running(eta), Date.parse(AT) + 90_000)).toEqual({ ...eta, secondsLeft: 510 });
    expect(jobEta(running(eta), Date.parse(AT) + 3_600_000)?.secondsLeft).toBe(0);
  });

  it('is null for a job that is not running and for a payload that is not an estimate', () => {
    const eta = { secondsLeft: 600, estimatedAt: AT, basis: 'calibrated' };
    expect(jobEta({ status: 'SUCCEEDED', progress: { eta } })).toBeNull();
    expect(jobEta({ status: 'RUNNING', progress: {} })).toBeNull();
    for (const bad of [
      null,
      'soon',
      { ...eta, secondsLeft: -1 },
      { ...eta, secondsLeft: 'x' },
      { ...eta, estimatedAt: 'never' },
    ])
      expect(jobEta(running(bad))).toBeNull();
    expect(jobEta(running({ ...eta, basis: 'x'.repeat(501) }))).toBeNull();
  });
});

describe.each(testDbKinds)('Job.eta through GraphQL on %s', (kind) => {
  let h: Harness;
  let submitter = '';
  let runner = '';
  beforeAll(async () => {
    h = await startHarness(kind);
    submitter = (await createToken(h.db.db, { role: 'submitter', name: 'eta-submitter' })).token;
    runner = (await createToken(h.db.db, { role: 'runner', name: 'eta-runner' })).token;
  });
  afterAll(async () => h?.close());

  it("shows the estimate of the runner's latest heartbeat while the job runs", async () => {
    const sha256 = randomBytes(32).toString('hex');
    const [row] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256, uploadedBy: null })
      .returning({ id: artifacts.id });
    const submitted = await h.gql(
      'mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }',
      { input: { artifactId: row!.id, name: 'ETA Net' } },
      submitter,
    );
    const id = submitted.json.data.submitModel.id;
    const ETA = 'query($id: ID!) { submission(id: $id) { job { eta { secondsLeft estimatedAt basis } } } }';
    expect((await h.gql(ETA, { id })).json.data.submission.job.eta).toBeNull();
    const claimed = (await h.gql('mutation { claimJob(runner: "eta-host") { id fencingToken } }', {}, runner)).json.data
      .claimJob;
    const estimatedAt = new Date().toISOString();
    const eta = { secondsLeft: 1_800, estimatedAt, basis: '2 task(s) left; calibrated: 90 GFLOP/s' };
    const beat = await h.gql(
      'mutation($id: ID!, $t: Int!, $p: JSON) { heartbeat(jobId: $id, fencingToken: $t, progress: $p) { status } }',
      { id: claimed.id, t: claimed.fencingToken, p: { phase: 'evaluate', mark: 1, eta } },
      runner,
    );
    expect(beat.json.errors).toBeUndefined();
    const shown = (await h.gql(ETA, { id })).json.data.submission.job.eta;
    expect(shown).toMatchObject({ estimatedAt, basis: eta.basis });
    expect(shown.secondsLeft).toBeGreaterThan(1_700);
    expect(shown.secondsLeft).toBeLessThanOrEqual(1_800);
  });
});
