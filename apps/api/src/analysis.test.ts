import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import { testDbKinds } from '@transferboard/db/testing';
import { loadPaperModels } from '@transferboard/suite/models';
import { paperFigure1 } from '@transferboard/suite/paper-figure1';
import { registry } from '@transferboard/suite/registry';
import { logit, pearson, spearman } from '@transferboard/suite/statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test/harness';

const LEADERBOARD = `{ leaderboard(suite: "ssl-transfer-v1") {
  tasks { slug category } rows { rank rankInterval { low high } score source model { slug name imagenetTop1 }
  categoryScores { category score rank } cells { taskSlug value ciLow ciHigh } completeness { tasksWithResults tasks } } } }`;

describe.each(testDbKinds)('queries and analysis on %s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  it('builds the whole leaderboard in at most 6 SQL statements, whatever its size, and reads it again in 3', async () => {
    await bumpDataVersion(h.db.db); // a board of this version is built by no earlier test
    const before = h.statements();
    const { data, errors } = await h.query(LEADERBOARD);
    expect(errors).toBeUndefined();
    expect(data!.leaderboard.rows).toHaveLength(14);
    // suite + its tasks (2), the data version (1), the results' fingerprints (1), every primary result (1),
    // the rows' models in one batch (1)
    expect(h.statements() - before).toBeLessThanOrEqual(6);
    // The board of this version is kept: suite + its tasks and the data version only.
    const again = h.statements();
    expect((await h.query(LEADERBOARD)).data!.leaderboard.rows).toHaveLength(14);
    expect(h.statements() - again).toBeLessThanOrEqual(3);
    // A new data version with no result changed: the fingerprints show it, and no cell is read again.
    await bumpDataVersion(h.db.db);
    const unchanged = h.statements();
    expect((await h.query(LEADERBOARD)).data!.leaderboard.rows).toHaveLength(14);
    expect(h.statements() - unchanged).toBeLessThanOrEqual(4);
  });

  it('gives every ranked row a bootstrap rank interval that contains its rank', async () => {
    const { data } = await h.query(LEADERBOARD);
    for (const row of data!.leaderboard.rows) {
      expect(row.rankInterval.low).toBeLessThanOrEqual(row.rank);
      expect(row.rankInterval.high).toBeGreaterThanOrEqual(row.rank);
    }
    // Few-shot results carry the paper's 95% intervals.
    const cell = data!.leaderboard.rows[0].cells.find((c: any) => c.taskSlug === 'fewshot-eurosat-5shot');
    expect(cell.ciLow).toBeLessThan(cell.value);
    expect(cell.ciHigh).toBeGreaterThan(cell.value);
    const widths = data!.leaderboard.rows.map((r: any) => r.rankInterval.high - r.rankInterval.low);
    expect(Math.max(...widths)).toBeGreaterThan(0); // some neighbours are not clearly apart
  });

  it('correlates ImageNet accuracy with a category as the paper does', async () => {
    const { data, errors } = await h.query(`{ correlation(suite: "ssl-transfer-v1", category: LINEAR, method: PEARSON) {
      coefficient n ciLow ciHigh method category points { model { slug name } source x y } } }`);
    expect(errors).toBeUndefined();
    const c = data!.correlation;
    expect(c.n).toBe(14);
    expect(c.points).toHaveLength(14);
    const top1 = new Map(loadPaperModels().map((m) => [m.slug, m.imagenetTop1]));
    for (const p of c.points) expect(p.x).toBeCloseTo(logit(top1.get(p.model.slug)! / 100), 12);
    expect(c.coefficient).toBeCloseTo(
      pearson(
        c.points.map((p: any) => p.x),
        c.points.map((p: any) => p.y),
      )!,
      12,
    );
    // The paper's finding: ImageNet accuracy predicts many-shot linear transfer well.
    expect(c.coefficient).toBeGreaterThan(0.8);
    expect(c.ciLow).toBeLessThanOrEqual(c.coefficient);
    expect(c.ciHigh).toBeGreaterThanOrEqual(c.coefficient);
    const s = (
      await h.query(
        `{ correlation(suite: "ssl-transfer-v1", category: LINEAR, method: SPEARMAN) { coefficient points { x y } } }`,
      )
    ).data!.correlation;
    expect(s.coefficient).toBeCloseTo(
      spearman(
        s.points.map((p: any) => p.x),
        s.points.map((p: any) => p.y),
      )!,
      12,
    );
  });

  it('correlates a single task and metric, negating errors', async () => {
    const { data, errors } = await h.query(
      `{ correlation(suite: "ssl-transfer-v1", task: "dense-nyuv2-normals", method: SPEARMAN) { n metric task { slug } points { model { slug } y } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.correlation.metric).toBe('mean_angle_error');
    expect(data!.correlation.points.every((p: any) => p.y < 0)).toBe(true);
    const ap = await h.query(
      `{ correlation(suite: "ssl-transfer-v1", task: "detection-voc-frozen", metric: "ap75", method: PEARSON) { n metric } }`,
    );
    expect(ap.data!.correlation).toEqual({ n: 14, metric: 'ap75' });
  });

  it.each([
    [
      'neither group, category nor task',
      `{ correlation(suite: "ssl-transfer-v1", method: PEARSON) { n } }`,
      /exactly one of "group"/,
    ],
    [
      'a group and a task',
      `{ correlation(suite: "ssl-transfer-v1", group: "linear", task: "linear-cars", method: PEARSON) { n } }`,
      /Give "group" alone/,
    ],
    [
      'a group and a category',
      `{ correlation(suite: "ssl-transfer-v1", group: "nope", category: LINEAR, method: PEARSON) { n } }`,
      /Give "group" alone/,
    ],
    [
      'a metric with a group',
      `{ correlation(suite: "ssl-transfer-v1", group: "linear", metric: "ece", method: PEARSON) { n } }`,
      /"metric" applies to a single task/,
    ],
    [
      'both',
      `{ correlation(suite: "ssl-transfer-v1", category: DENSE, task: "dense-nyuv2-normals", method: PEARSON) { n } }`,
      /exactly one/,
    ],
    [
      'a metric without a task',
      `{ correlation(suite: "ssl-transfer-v1", category: DENSE, metric: "ap", method: PEARSON) { n } }`,
      /"metric" applies to a single task/,
    ],
    [
      'a task outside the suite',
      `{ correlation(suite: "ssl-transfer-v1", task: "finetune-cars", method: PEARSON) { n } }`,
      /not in suite "ssl-transfer-v1"/,
    ],
    [
      'an unknown metric',
      `{ correlation(suite: "ssl-transfer-v1", task: "linear-cars", metric: "f1", method: PEARSON) { n } }`,
      /has no metric "f1"; it has top1, ece/,
    ],
    [
      'an empty category',
      `{ correlation(suite: "ssl-transfer-v1", category: FINETUNE, method: PEARSON) { n } }`,
      /has no FINETUNE tasks/,
    ],
  ])('rejects a correlation with %s as BAD_USER_INPUT', async (_what, query, message) => {
    const { errors } = await h.query(query);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(message);
  });

  it('answers an unknown analysis group with NOT_FOUND and the nearest group', async () => {
    const { errors } = await h.query(
      `{ correlation(suite: "ssl-transfer-v1", group: "detection-finetune", method: PEARSON) { n } }`,
    );
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', suggestion: 'detection-frozen' });
    expect(errors?.[0]?.message).toBe('Unknown analysis group "detection-finetune". Did you mean "detection-frozen"?');
  });

  it("serves each suite's analysis groups with their tasks, metric and pooled protocol", async () => {
    const { data, errors } = await h.query(
      `{ suite(slug: "ssl-transfer-cvpr") { analysisGroups { slug title metric tasks { slug } protocol { id version } } } }`,
    );
    expect(errors).toBeUndefined();
    const groups = data!.suite.analysisGroups;
    expect(groups.map((g: any) => g.slug)).toEqual(
      registry.suite('ssl-transfer-cvpr').analysisGroups.map((g) => g.slug),
    );
    const normals = groups.find((g: any) => g.slug === 'surface-normals');
    expect(normals).toMatchObject({ metric: 'within_11_25', tasks: [{ slug: 'dense-nyuv2-normals' }] });
    const paper = registry.task('dense-nyuv2-normals').paperProtocol;
    expect(normals.protocol).toEqual({ id: paper.id, version: paper.version });
  });

  describe.each(['ssl-transfer-v1', 'ssl-transfer-cvpr'])('correlation(group:) on %s', (suite) => {
    it.each(registry.suite(suite).analysisGroups.map((g) => g.slug))(
      "reproduces the paper's figure-1 setting %s from its tables",
      async (group) => {
        const { data, errors } = await h.query(
          `query($suite: String!, $group: String!) {
        p: correlation(suite: $suite, group: $group, method: PEARSON) { n metric group { slug } pooledProtocols { id } coefficient points { model { slug } source x y } }
        s: correlation(suite: $suite, group: $group, method: SPEARMAN) { coefficient } }`,
          { suite, group },
        );
        expect(errors).toBeUndefined();
        const paper = paperFigure1(group);
        const { p, s } = data!;
        expect(p.n).toBe(14);
        expect(p.group.slug).toBe(group);
        expect(p.metric).toBe(registry.analysisGroup(suite, group).metric);
        for (const point of p.points) {
          expect(point.source).toBe('REPORTED');
          expect(point.x).toBeCloseTo(paper.points.get(point.model.slug)![0], 12);
          expect(point.y).toBeCloseTo(paper.points.get(point.model.slug)![1], 12);
        }
        expect(p.coefficient).toBeCloseTo(paper.pearson, 12);
        expect(s.coefficient).toBeCloseTo(paper.spearman, 12);
      },
    );
  });

  it('pages through results under filters with opaque cursors', async () => {
    const query = `query($after: String) { results(filter: { model: "byol", suite: "ssl-transfer-v1" }, first: 20, after: $after) {
      totalCount edges { cursor node { id model { slug } task { slug } metric value source } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const { data, errors }: { data: any; errors?: unknown[] } = await h.query(query, { after });
      expect(errors).toBeUndefined();
      total = data!.results.totalCount;
      seen.push(...data!.results.edges.map((e: any) => e.node.id));
      expect(data!.results.edges.every((e: any) => e.node.model.slug === 'byol')).toBe(true);
      if (!data!.results.pageInfo.hasNextPage) break;
      after = data!.results.pageInfo.endCursor;
    }
    expect(total).toBe(31);
    expect(new Set(seen).size).toBe(31);
    const fewshot = await h.query(
      `{ results(filter: { task: "fewshot-isic-20shot", source: REPORTED, metric: "accuracy" }, first: 100) { totalCount edges { node { ciLow ciHigh } } } }`,
    );
    expect(fewshot.data!.results.totalCount).toBe(14);
    expect(fewshot.data!.results.edges.every((e: any) => e.node.ciLow !== null)).toBe(true);
    expect((await h.query(`{ results(filter: { model: "nope" }) { totalCount } }`)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await h.query(`{ results(first: 101) { totalCount } }`)).errors?.[0]?.extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await h.query(`{ results(after: "bW9kZWw6YnlvbA") { totalCount } }`)).errors?.[0]?.message).toMatch(
      /not a cursor this API issued/,
    );
  });

  it('lists tasks by category and filters models by family and source', async () => {
    const { data } = await h.query(
      `{ tasks(suite: "ssl-transfer-v1", category: FEW_SHOT) { slug } models(filter: { family: "clustering", source: PAPER }, first: 100) { totalCount } }`,
    );
    expect(data!.tasks).toHaveLength(12);
    expect(data!.models.totalCount).toBe(5);
  });

  it('serves repeated public reads from the response cache, one version lookup each', async () => {
    const body = JSON.stringify({ query: LEADERBOARD });
    const first = await h.post(body);
    const again = await h.post(body);
    expect(again.headers.get('x-cache')).toBe('hit');
    expect(again.json).toEqual(first.json);
    const before = h.statements();
    await h.post(body);
    expect(h.statements() - before).toBe(1);
    // Errors are never cached; neither are submissions (their status changes without a data version bump).
    const bad = JSON.stringify({ query: '{ suite(slug: "nope") { slug } }' });
    await h.post(bad);
    expect((await h.post(bad)).headers.get('x-cache')).toBeNull();
    const subs = JSON.stringify({ query: '{ submissions { totalCount } }' });
    await h.post(subs);
    expect((await h.post(subs)).headers.get('x-cache')).toBeNull();
  });
});
