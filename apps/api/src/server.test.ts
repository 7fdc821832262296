import { testDbKinds } from '@transferboard/db/testing';
import { loadPaperResults } from '@transferboard/suite/paper-results';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test/harness';

describe.each(testDbKinds)('GraphQL API on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  it('answers suite() with the 25 tasks of ssl-transfer-v1', async () => {
    const { data, errors } = await h.query(
      `{ suite(slug: "ssl-transfer-v1") { slug tasks { slug category primaryMetric higherIsBetter } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.suite.tasks).toHaveLength(25);
    expect(data!.suite.tasks).toContainEqual({
      slug: 'dense-nyuv2-normals',
      category: 'DENSE',
      primaryMetric: 'mean_angle_error',
      higherIsBetter: false,
    });
    const dense = await h.query(`{ suite(slug: "ssl-transfer-cvpr") { tasks(category: DENSE) { slug } } }`);
    expect(dense.data!.suite.tasks.map((t: { slug: string }) => t.slug)).toEqual([
      'dense-nyuv2-normals',
      'dense-ade20k-segmentation',
    ]);
  });

  it('pages through models()', async () => {
    const first = await h.query(
      `{ models(first: 10) { totalCount edges { cursor node { slug name imagenetTop1 } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(first.data!.models.totalCount).toBe(14);
    expect(first.data!.models.pageInfo.hasNextPage).toBe(true);
    const next = await h.query(
      `query($after: String) { models(first: 10, after: $after) { edges { node { slug } } pageInfo { hasNextPage } } }`,
      {
        after: first.data!.models.pageInfo.endCursor,
      },
    );
    expect(next.data!.models.edges).toHaveLength(4);
    expect(next.data!.models.pageInfo.hasNextPage).toBe(false);
    const supervised = await h.query(
      `{ models(filter: { search: "super" }) { edges { node { slug imagenetTop1 } } } }`,
    );
    expect(supervised.data!.models.edges).toEqual([{ node: { slug: 'supervised', imagenetTop1: 77.2 } }]);
  });

  it('serves every number of tables 1–8 by (model, task, metric), equal to the paper', async () => {
    const { data } = await h.query(
      `{ models(first: 100) { edges { node { slug results { task { slug } metric value ciLow ciHigh source } } } } }`,
    );
    const got = new Map<string, { value: number; ciLow: number | null; ciHigh: number | null; source: string }>();
    for (const { node } of data!.models.edges) {
      for (const r of node.results) got.set(`${node.slug}|${r.task.slug}|${r.metric}`, r);
    }
    const paper = loadPaperResults();
    expect(got.size).toBe(paper.length);
    for (const p of paper) {
      const r = got.get(`${p.model}|${p.task}|${p.metric}`)!;
      expect(r.value.toFixed(2), `${p.model} ${p.task} ${p.metric}`).toBe(p.value.toFixed(2));
      expect(r.source).toBe('REPORTED');
      if (p.ci95 !== null) expect(((r.ciHigh! - r.ciLow!) / 2).toFixed(2)).toBe(p.ci95.toFixed(2));
    }
  });

  it('returns a model with its suite results', async () => {
    const { data } = await h.query(
      `{ model(slug: "deepcluster-v2") { slug name results(suite: "ssl-transfer-v1") { task { slug } metric value ciLow ciHigh source } } }`,
    );
    expect(data!.model.name).toBe('DeepCluster-v2');
    expect(data!.model.results.find((r: any) => r.task.slug === 'linear-aircraft')).toEqual({
      task: { slug: 'linear-aircraft' },
      metric: 'mean_per_class',
      value: 54.49,
      ciLow: null,
      ciHigh: null,
      source: 'REPORTED',
    });
    expect(data!.model.results.every((r: any) => !r.task.slug.startsWith('finetune-'))).toBe(true);
  });

  it('ranks the leaderboard with per-category scores', async () => {
    const { data, errors } = await h.query(`{ leaderboard(suite: "ssl-transfer-v1") {
      tasks { slug } rows { rank score source model { slug } categoryScores { category score rank } cells { taskSlug value } completeness { tasksWithResults tasks } } } }`);
    expect(errors).toBeUndefined();
    const { rows, tasks } = data!.leaderboard;
    expect(rows).toHaveLength(14);
    expect(tasks).toHaveLength(25);
    expect(rows.map((r: any) => r.rank)).toEqual([...rows.map((r: any) => r.rank)].sort((a, b) => a - b));
    expect(rows[0].rank).toBe(1);
    const simclr = rows.find((r: any) => r.model.slug === 'simclr-v2');
    expect(simclr.cells.find((c: any) => c.taskSlug === 'detection-voc-frozen').value).toBe(82.34);
    expect(simclr.categoryScores.map((c: any) => c.category)).toEqual(['LINEAR', 'FEW_SHOT', 'DETECTION', 'DENSE']);
    expect(simclr.categoryScores.find((c: any) => c.category === 'DETECTION')).toEqual({
      category: 'DETECTION',
      score: 82.34,
      rank: 1,
    });
    expect(simclr.completeness).toEqual({ tasksWithResults: 25, tasks: 25 });
    const measured = await h.query(`{ leaderboard(suite: "ssl-transfer-v1", source: MEASURED) { rows { rank } } }`);
    expect(measured.data!.leaderboard.rows).toEqual([]);
    const linear = await h.query(
      `{ leaderboard(suite: "ssl-transfer-v1", category: LINEAR, aggregate: MEAN_RANK) { tasks { slug } rows { rank score } } }`,
    );
    expect(linear.data!.leaderboard.tasks).toHaveLength(11);
    expect(linear.data!.leaderboard.rows[0].score).toBeLessThan(linear.data!.leaderboard.rows[13].score);
  });

  it.each([
    [
      'suite',
      `{ suite(slug: "ssl-transfer-v2") { slug } }`,
      'Unknown suite "ssl-transfer-v2". Did you mean "ssl-transfer-v1"?',
    ],
    [
      'task',
      `{ task(slug: "linear-cifar1000") { slug } }`,
      'Unknown task "linear-cifar1000". Did you mean "linear-cifar100"?',
    ],
    ['model', `{ model(slug: "mocov2") { slug } }`, 'Unknown model "mocov2". Did you mean "moco-v2"?'],
    ['leaderboard', `{ leaderboard(suite: "imagenet") { rows { rank } } }`, 'Unknown suite "imagenet".'],
    [
      'model results',
      `{ model(slug: "byol") { results(task: "linear-nope") { value } } }`,
      'Unknown task "linear-nope".',
    ],
  ])('answers an unknown %s slug with NOT_FOUND, not empty data', async (_what, query, message) => {
    const { data, errors } = await h.query(query);
    expect(errors?.[0]?.message).toContain(message);
    expect(errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(data ?? {})).not.toContain('"rows":[');
  });

  it('rejects bad arguments with BAD_USER_INPUT', async () => {
    const big = await h.query(`{ models(first: 5000) { totalCount } }`);
    expect(big.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await h.query(`{ models(after: "not-a-cursor") { totalCount } }`);
    expect(cursor.errors?.[0]?.message).toMatch(/not a cursor this API issued/);
  });

  it('answers malformed HTTP requests with 4xx, never 5xx', async () => {
    expect((await h.post('{"query": ')).status).toBe(400);
    expect((await h.post(JSON.stringify({ query: '{ suites { slug } }', pad: 'x'.repeat(300_000) }))).status).toBe(413);
    const csrf = await h.post(JSON.stringify({ query: '{ suites { slug } }' }), { 'content-type': 'text/plain' });
    expect(csrf.status).toBe(400);
    const syntax = await h.post(JSON.stringify({ query: '{ suites { slug ' }));
    expect(syntax.status).toBe(400);
    expect(syntax.json.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const ok = await h.post(JSON.stringify({ query: '{ suites { slug } }' }));
    expect(ok.json.data.suites).toHaveLength(2);
  });

  it('reports health and readiness', async () => {
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${h.url}/readyz`)).json()).toEqual({ status: 'ready' });
    expect((await fetch(`${h.url}/nope`)).status).toBe(404);
  });
});
