import { randomBytes } from 'node:crypto';
import { syncVersions } from '@transferboard/db/queries/sync-versions';
import { eq } from 'drizzle-orm';
import { artifacts, models, results as results_ } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './auth/token-admin';
import { startHarness, type Harness } from './test/harness';

/**
 * Versioned results through the real submit → claim → report flow (issue 16): typed provenance,
 * history (a re-measurement appends and supersedes), the board and a model's results as of a
 * moment, stale results after a newer protocol version, and the response cache on asOf.
 */

const TASK = 'linear-cifar10';
const MEASUREMENT = {
  taskVersion: 1,
  runnerVersion: '0.3.0',
  runnerCommit: 'abc1234',
  onnxruntimeVersion: '1.22.0',
  executionProvider: 'cpu',
  precision: 'fp32',
  datasetFingerprint: 'f'.repeat(64),
  featureTensor: 'pooled',
};
const REPORT = `mutation($id: ID!, $token: Int!, $task: String!, $value: Float!, $m: MeasurementInput, $p: ProtocolRefInput) {
  reportResults(jobId: $id, fencingToken: $token, task: $task, results: [{ metric: "top1", value: $value }],
    protocol: $p, measurement: $m, provenance: { note: "test" }) { status } }`;
const RESULTS = `query($slug: String!, $asOf: String) { model(slug: $slug) { results(task: "${TASK}", asOf: $asOf) {
  value stale staleReason taskVersion runnerVersion runnerCommit onnxruntimeVersion executionProvider precision
  datasetFingerprint artifactSha256 featureTensor measuredAt supersededAt } } }`;
const BOARD = `query($asOf: String, $stale: Boolean) { leaderboard(suite: "ssl-transfer-v1", source: MEASURED, asOf: $asOf, includeStale: $stale) {
  asOf dataAsOf includeStale rows { model { slug } cells { taskSlug value } } } }`;

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDbKinds)('versioned results on %s', (kind) => {
  let h: Harness;
  let runner: string;
  const protocol = { id: 'linear-lbfgs', version: 1 };

  /** Submits a model and claims its job: the job's id and fencing token, and the artifact's sha256. */
  async function submitAndClaim(name: string): Promise<{ id: string; fencingToken: number; sha256: string }> {
    const sha256 = randomBytes(32).toString('hex');
    const [artifact] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256, uploadedBy: null })
      .returning({ id: artifacts.id });
    // A token per model: a submitter may have only a few submissions live at once.
    const submitter = (await createToken(h.db.db, { role: 'submitter', name: `submitter of ${name}` })).token;
    const submitted = await h.gql(
      `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }`,
      { input: { artifactId: artifact!.id, name } },
      submitter,
    );
    expect(submitted.json.errors).toBeUndefined();
    const job = (await h.gql(`mutation { claimJob(runner: "host") { id fencingToken } }`, {}, runner)).json.data
      .claimJob;
    return { ...job, sha256 };
  }
  async function report(
    job: { id: string; fencingToken: number },
    value: number,
    m: Record<string, unknown> = MEASUREMENT,
  ) {
    const res = await h.gql(REPORT, { id: job.id, token: job.fencingToken, task: TASK, value, m, p: protocol }, runner);
    return res.json;
  }
  const results = async (slug: string, asOf?: string) => {
    const { data, errors } = await h.query(RESULTS, { slug, asOf });
    expect(errors).toBeUndefined();
    return data!.model.results as Record<string, unknown>[];
  };
  const board = async (vars: Record<string, unknown> = {}) => {
    const { data, errors } = await h.query(BOARD, vars);
    expect(errors).toBeUndefined();
    return data!.leaderboard as {
      asOf: string | null;
      dataAsOf: string | null;
      includeStale: boolean;
      rows: { model: { slug: string } }[];
    };
  };

  let first: { id: string; fencingToken: number; sha256: string };
  let beforeRerun: string;
  let beforeLate: string;

  beforeAll(async () => {
    h = await startHarness(kind);
    runner = (await createToken(h.db.db, { role: 'runner', name: 'runner' })).token;
    await syncVersions(h.db.db, { protocols: [protocol], tasks: [{ slug: TASK, version: 1 }] });
    first = await submitAndClaim('Early Net');
    expect((await report(first, 0.8)).errors).toBeUndefined();
    await pause(20);
    beforeRerun = new Date().toISOString();
    await pause(20);
    expect((await report(first, 0.85)).errors).toBeUndefined();
    // A retried report (same job, same numbers) adds nothing to the history.
    expect((await report(first, 0.85)).errors).toBeUndefined();
    await pause(20);
    beforeLate = new Date().toISOString();
    await pause(20);
    const late = await submitAndClaim('Late Net');
    expect((await report(late, 0.7)).errors).toBeUndefined();
  });
  afterAll(async () => h?.close());

  it('stores the typed provenance on each result, the artifact sha256 from the job', async () => {
    const [r] = await results('early-net');
    expect(r).toMatchObject({
      ...MEASUREMENT,
      value: 0.85,
      stale: false,
      staleReason: null,
      artifactSha256: first.sha256,
      supersededAt: null,
    });
  });

  it('keeps the history: a re-measurement supersedes, asOf before it shows the old number', async () => {
    const [old] = await results('early-net', beforeRerun);
    expect(old).toMatchObject({ value: 0.8 });
    expect(typeof old!.supersededAt).toBe('string'); // superseded since, though current at beforeRerun
    expect((await results('early-net')).map((r) => r.value)).toEqual([0.85]);
    const history = await h.db.db
      .select({ value: results_.value, supersededBy: results_.supersededBy })
      .from(results_)
      .innerJoin(models, eq(models.id, results_.modelId))
      .where(eq(models.slug, 'early-net'));
    expect(history.map((x) => x.value).sort()).toEqual([0.8, 0.85]);
    expect(history.filter((x) => x.supersededBy !== null)).toHaveLength(1);
  });

  it('a model measured after T is absent from leaderboard(asOf: T) and present without asOf', async () => {
    const then = await board({ asOf: beforeLate });
    expect(then.rows.map((r) => r.model.slug)).toEqual(['early-net']);
    expect(then.asOf).toBe(new Date(beforeLate).toISOString());
    // dataAsOf is the last change at or before T rounded up to the second (sync-versions.ts).
    expect(new Date(then.dataAsOf!).getTime()).toBeLessThan(new Date(beforeLate).getTime() + 1000);
    const now = await board();
    expect(now.rows.map((r) => r.model.slug).sort()).toEqual(['early-net', 'late-net']);
    expect(now.asOf).toBeNull();
    // The permalink: asOf pinned to the data's last change shows this same board.
    const pinned = await board({ asOf: now.dataAsOf });
    expect(pinned.rows).toEqual(now.rows);
  });

  it('flags a task whose current results carry different dataset fingerprints, and links each ranking entry to its result', async () => {
    const TASK_Q = `{ task(slug: "${TASK}") { datasetFingerprints { fingerprint results runnerVersions }
      ranking(source: MEASURED) { entries { model { slug } result { runnerVersion datasetFingerprint } } } } }`;
    const one = (await h.query(TASK_Q)).data!.task;
    expect(one.datasetFingerprints).toEqual([{ fingerprint: 'f'.repeat(64), results: 2, runnerVersions: ['0.3.0'] }]);
    expect(one.ranking.entries.map((e: { result: unknown }) => e.result)).toContainEqual({
      runnerVersion: '0.3.0',
      datasetFingerprint: 'f'.repeat(64),
    });
    const other = await submitAndClaim('Other Data Net');
    expect(
      (await report(other, 0.75, { ...MEASUREMENT, runnerVersion: '0.3.1', datasetFingerprint: 'e'.repeat(64) }))
        .errors,
    ).toBeUndefined();
    const two = (await h.query(TASK_Q)).data!.task;
    expect(two.datasetFingerprints).toEqual([
      { fingerprint: 'f'.repeat(64), results: 2, runnerVersions: ['0.3.0'] },
      { fingerprint: 'e'.repeat(64), results: 1, runnerVersions: ['0.3.1'] },
    ]);
  });

  it('refuses an unreadable asOf, naming the format; a future asOf is now', async () => {
    const { errors } = await h.query(BOARD, { asOf: 'last tuesday' });
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/ISO 8601/);
    expect((await board({ asOf: '2999-01-01T00:00:00Z' })).rows).toEqual((await board()).rows);
  });

  it('refuses a measurement of another task version, and bad provenance values', async () => {
    const job = await submitAndClaim('Refused Net');
    const wrong = await report(job, 0.5, { ...MEASUREMENT, taskVersion: 2 });
    expect(wrong.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(wrong.errors?.[0]?.message).toMatch(/taskVersion/);
    const badFingerprint = await report(job, 0.5, { ...MEASUREMENT, datasetFingerprint: 'xyz' });
    expect(badFingerprint.errors?.[0]?.message).toMatch(/sha256/);
    expect(await results('refused-net')).toEqual([]);
  });

  it('a newer protocol version makes measured results stale: flagged, left out of the board unless asked', async () => {
    const staleBoardBefore = await board();
    await syncVersions(h.db.db, { protocols: [{ id: 'linear-lbfgs', version: 2 }], tasks: [] });
    const [r] = await results('early-net');
    expect(r).toMatchObject({ value: 0.85, stale: true });
    expect(r!.staleReason).toMatch(/^protocol linear-lbfgs v1 → v2 on \d{4}-\d{2}-\d{2}$/);
    expect((await board()).rows).toEqual([]);
    const withStale = await board({ stale: true });
    expect(withStale.includeStale).toBe(true);
    expect(withStale.rows.length).toBe(staleBoardBefore.rows.length);
    // As of before v2, nothing was stale.
    expect((await board({ asOf: beforeLate })).rows.map((x) => x.model.slug)).toEqual(['early-net']);
  });

  it('keeps a board as of the past across data versions; pages it (rowsPage) as of that moment', async () => {
    const PAGED = `query($asOf: String, $stale: Boolean) { leaderboard(suite: "ssl-transfer-v1", source: MEASURED, asOf: $asOf,
      includeStale: $stale) { rowCount rowsPage(first: 10, orderBy: { column: "model" }) { totalCount edges { node { model { slug } } } } } }`;
    const paged = async (vars: Record<string, unknown>) => {
      const { data, errors } = await h.query(PAGED, vars);
      expect(errors).toBeUndefined();
      return data!.leaderboard as {
        rowCount: number;
        rowsPage: { totalCount: number; edges: { node: { model: { slug: string } } }[] };
      };
    };
    const slugs = (l: Awaited<ReturnType<typeof paged>>) => l.rowsPage.edges.map((e) => e.node.model.slug);
    const past = await paged({ asOf: beforeLate, stale: true });
    expect(slugs(past)).toEqual(['early-net']);
    expect(past.rowCount).toBe(1);
    const now = await paged({ stale: true });
    expect(slugs(now).length).toBeGreaterThan(1);
    // The view key holds asOf and includeStale: each is its own board.
    const builds = h.server.boards.builds;
    await paged({ asOf: beforeLate, stale: true });
    await paged({ stale: true });
    expect(h.server.boards.builds).toBe(builds);
    await paged({ asOf: beforeRerun, stale: true });
    expect(h.server.boards.builds).toBe(builds + 1);
    await paged({ asOf: beforeRerun, stale: false });
    expect(h.server.boards.builds).toBe(builds + 2);
    // A new result: the board of now is rebuilt; one as of a moment over a minute past is kept.
    const longAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    await paged({ asOf: longAgo });
    const job = await submitAndClaim('Board Store Net');
    expect((await report(job, 0.65)).errors).toBeUndefined();
    const before = h.server.boards.builds;
    await paged({ asOf: longAgo });
    expect(h.server.boards.builds).toBe(before);
    expect(slugs(await paged({ stale: true }))).toContain('board-store-net');
    expect(h.server.boards.builds).toBe(before + 1);
    expect(slugs(await paged({ asOf: beforeLate, stale: true }))).toEqual(['early-net']);
  });

  it('caches a response about the past across data versions, and one about now only until the data changes', async () => {
    const past = { query: BOARD, variables: { asOf: '2020-01-01T00:00:00Z' } };
    const nowQuery = { query: BOARD, variables: {} };
    const send = (body: unknown) => h.post(JSON.stringify(body));
    await send(past);
    await send(nowQuery);
    expect((await send(past)).headers.get('x-cache')).toBe('hit');
    expect((await send(nowQuery)).headers.get('x-cache')).toBe('hit');
    const job = await submitAndClaim('Cache Net');
    await report(job, 0.6, MEASUREMENT);
    expect((await send(past)).headers.get('x-cache')).toBe('hit');
    expect((await send(nowQuery)).headers.get('x-cache')).toBe('miss');
  });
});
