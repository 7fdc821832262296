import { createHash } from 'node:crypto';
import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import { artifacts } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';

/**
 * Sorting the leaderboard by its cost columns server-side (rowsPage and the export): parameters,
 * GFLOPs and images per second as `Model.cost` shows them, missing figures last in both directions.
 */
const SUITE = 'ssl-transfer-v1';
const PAGE = `query($first: Int, $after: String, $orderBy: LeaderboardOrder) { leaderboard(suite: "${SUITE}") {
  rowsPage(first: $first, after: $after, orderBy: $orderBy) {
    totalCount edges { node { rank source model { slug cost { parameters gflopsPerImage imagesPerSecond } } } }
    pageInfo { hasNextPage endCursor } } } }`;

interface Node {
  rank: number | null;
  source: string;
  model: {
    slug: string;
    cost: { parameters: number | null; gflopsPerImage: number | null; imagesPerSecond: number | null };
  };
}
type CostField = keyof Node['model']['cost'];
const COLUMNS: [string, CostField][] = [
  ['cost:params', 'parameters'],
  ['cost:gflops', 'gflopsPerImage'],
  ['cost:ips', 'imagesPerSecond'],
];

/** Submitted models with their cost as the intake records it, and their runner's throughput (null: unmeasured). */
const MODELS = [
  { name: 'Cost Small', parameters: 5e6, gflops: 1.2, ips: 900 },
  { name: 'Cost Large', parameters: 300e6, gflops: 60, ips: 40 },
  { name: 'Cost Unknown', parameters: 80e6, gflops: null, ips: null },
  { name: 'Cost Mid', parameters: 22e6, gflops: 4.6, ips: 310 },
];

describe.each(testDbKinds)('leaderboard sorted by cost (%s)', (kind) => {
  let h: Harness;

  async function addModel(m: (typeof MODELS)[number], i: number): Promise<void> {
    const cost = {
      parameters: m.parameters,
      gflopsPerImage: m.gflops,
      gflopsUnknown: m.gflops === null ? 'a product the definition cannot count' : null,
      definition: 'test',
    };
    const sha256 = createHash('sha256').update(m.name).digest('hex');
    const [artifact] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256, inspection: { cost } })
      .returning({ id: artifacts.id });
    const token = (await createToken(h.db.db, { role: 'submitter', name: `s-${i}` })).token;
    const res = await h.gql(
      `mutation($input: SubmitModelInput!) { submitModel(input: $input) { model { id } } }`,
      { input: { artifactId: artifact!.id, name: m.name } },
      token,
    );
    expect(res.json.errors).toBeUndefined();
    const modelId: string = res.json.data.submitModel.model.id;
    // Its results: the supervised model's, shifted, so it has a row on the board.
    await h.db.db.execute(sql`insert into results (model_id, task_slug, metric, value, source, protocol_id,
        protocol_version, task_version, provenance)
      select ${modelId}, r.task_slug, r.metric, r.value + ${i}, 'measured', r.protocol_id, r.protocol_version,
        r.task_version, '{}'::jsonb
      from results r join models m on m.id = r.model_id where m.slug = 'supervised' and r.superseded_at is null`);
    if (m.ips !== null)
      await h.db.db.execute(sql`insert into throughput_measurements (model_id, job_id, task_slug, device, provider,
          precision, batch_size, images, seconds, peak_rss_mib)
        select ${modelId}, j.id, 'linear-cifar10', 'Test CPU', 'cpu', 'fp32', 32, ${m.ips * 10}, 10, 500
        from jobs j join submissions s on s.id = j.submission_id where s.model_id = ${modelId} limit 1`);
  }

  const page = async (vars: Record<string, unknown>) => {
    const res = await h.query<{ leaderboard: { rowsPage: any } }>(PAGE, vars);
    expect(res.errors).toBeUndefined();
    return res.data!.leaderboard.rowsPage as {
      totalCount: number;
      edges: { node: Node }[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
  };
  const ordered = async (column: string, direction?: 'ASC' | 'DESC') =>
    (await page({ first: 100, orderBy: { column, direction } })).edges.map((e) => e.node);

  beforeAll(async () => {
    h = await startHarness(kind);
    for (const [i, m] of MODELS.entries()) await addModel(m, i);
    await bumpDataVersion(h.db.db);
  }, 120_000);
  afterAll(async () => h?.close());

  it('orders by each cost column best first, or as asked, with missing figures last in both directions', async () => {
    for (const [column, field] of COLUMNS) {
      for (const direction of [undefined, 'ASC', 'DESC'] as const) {
        const rows = await ordered(column, direction);
        const values = rows.map((r) => r.model.cost[field]);
        const known = values.filter((v): v is number => v !== null);
        const asc = direction ? direction === 'ASC' : field !== 'imagesPerSecond';
        expect(known).toEqual([...known].sort((a, b) => (asc ? a - b : b - a)));
        expect(values.slice(known.length).every((v) => v === null)).toBe(true);
        expect(known.length).toBeGreaterThan(0);
      }
    }
    // The submitted models' figures in particular (the paper's share one ResNet-50's, unmeasured).
    const submitted = (rows: Node[]) => rows.filter((r) => r.model.slug.startsWith('cost-')).map((r) => r.model.slug);
    expect(submitted(await ordered('cost:ips'))).toEqual(['cost-small', 'cost-mid', 'cost-large', 'cost-unknown']);
    expect(submitted(await ordered('cost:ips', 'ASC'))).toEqual([
      'cost-large',
      'cost-mid',
      'cost-small',
      'cost-unknown',
    ]);
    expect(submitted(await ordered('cost:gflops', 'DESC'))).toEqual([
      'cost-large',
      'cost-mid',
      'cost-small',
      'cost-unknown',
    ]);
    expect(submitted(await ordered('cost:params'))).toEqual(['cost-small', 'cost-mid', 'cost-unknown', 'cost-large']);
  });

  it('pages through a cost order with cursors: every row once, in the order of the whole', async () => {
    const whole = (await ordered('cost:gflops', 'DESC')).map((r) => `${r.model.slug}|${r.source}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const p = await page({ first: 3, after, orderBy: { column: 'cost:gflops', direction: 'DESC' } });
      seen.push(...p.edges.map((e) => `${e.node.model.slug}|${e.node.source}`));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(whole);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('exports the board in the same cost order', async () => {
    const res = await fetch(`${h.url}/export/leaderboard.csv?suite=${SUITE}&sort=cost:ips&dir=asc`);
    expect(res.status).toBe(200);
    const slugs = (await res.text())
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[3]);
    expect(slugs).toEqual((await ordered('cost:ips', 'ASC')).map((r) => r.model.slug));
  });
});
