import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test/harness';

/** GET /export/leaderboard.csv and .json through the API's HTTP server, against the same view's rowsPage. */
const SUITE = 'ssl-transfer-v1';
const PAGE = `query($orderBy: LeaderboardOrder, $filter: LeaderboardRowFilter, $asOf: String) {
  leaderboard(suite: "${SUITE}", asOf: $asOf) { dataAsOf rowsPage(first: 100, orderBy: $orderBy, filter: $filter) {
    totalCount edges { node { rank score model { slug } } } } } }`;

describe.each(testDbKinds)('leaderboard export (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  }, 120_000);
  afterAll(async () => h?.close());

  const get = (query: string) => fetch(`${h.url.replace(/\/graphql$/, '')}/export/leaderboard.${query}`);
  const page = async (vars: Record<string, unknown>) => {
    const res = await h.query<{ leaderboard: { dataAsOf: string; rowsPage: any } }>(PAGE, vars);
    expect(res.errors).toBeUndefined();
    return res.data!.leaderboard;
  };

  it('writes every row of the view as CSV, in its order, with the columns of the web export', async () => {
    const res = await get(`csv?suite=${SUITE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`transferboard-${SUITE}-mean.csv`);
    const text = await res.text();
    const [header] = text.split('\r\n');
    expect(header!.split(',').slice(0, 12)).toEqual([
      'rank',
      'rank_low',
      'rank_high',
      'model_slug',
      'model',
      'family',
      'source',
      'score',
      'tasks_with_results',
      'tasks',
      'ranked_among',
      'basis',
    ]);
    // The first four fields (three numbers and a slug) never need quoting.
    const rows = text
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',').slice(0, 4));
    const board = (await page({})).rowsPage;
    expect(rows).toHaveLength(board.totalCount);
    expect(rows.map((r) => r[3])).toEqual(board.edges.map((e: any) => e.node.model.slug));
    expect(rows.map((r) => (r[0] === '' ? null : Number(r[0])))).toEqual(board.edges.map((e: any) => e.node.rank));
    expect(Number(res.headers.get('x-row-count'))).toBe(rows.length);
    // A ranked row has its rank interval around its rank.
    const [rank, low, high] = rows.find((r) => r[0] !== '')!.map(Number);
    expect(low).toBeLessThanOrEqual(rank!);
    expect(high).toBeGreaterThanOrEqual(rank!);
  });

  it('applies the sort and the filter, and keeps the ranks of the view', async () => {
    const res = await get(`json?suite=${SUITE}&q=swav&sort=model&dir=desc`);
    expect(res.status).toBe(200);
    const json = (await res.json()) as { rows: { rank: number | null; model: { slug: string } }[]; tasks: unknown[] };
    const board = (await page({ orderBy: { column: 'model', direction: 'DESC' }, filter: { search: 'swav' } }))
      .rowsPage;
    expect(json.rows.length).toBeGreaterThan(0);
    expect(json.rows.map((r) => r.model.slug)).toEqual(board.edges.map((e: any) => e.node.model.slug));
    expect(json.rows.map((r) => r.rank)).toEqual(board.edges.map((e: any) => e.node.rank));
    expect(json.tasks).toHaveLength(25);
  });

  it('records the moment of an export as of the past in a comment line', async () => {
    const asOf = '2026-01-01T00:00:00Z';
    const res = await get(`csv?suite=${SUITE}&asOf=${asOf}`);
    // The file name says the moment too, so downloads of different moments never overwrite each other.
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="transferboard-${SUITE}-mean-asof-20260101T000000Z.csv"`,
    );
    const text = await res.text();
    const { dataAsOf } = await page({ asOf });
    expect(text.split('\r\n')[0]).toBe(`# as of ${new Date(asOf).toISOString()}; data as of ${dataAsOf ?? 'no data'}`);
  });

  it('names the file after the view: suite, aggregate, source and category', async () => {
    const res = await get(`json?suite=${SUITE}&aggregate=MEAN_RANK&source=MEASURED&category=FEW_SHOT`);
    expect(res.status).toBe(200);
    await res.body?.cancel();
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="transferboard-${SUITE}-mean_rank-measured-few_shot.json"`,
    );
  });

  it('answers a bad view with a 400 that says what was wrong, and an unknown suite with a 404', async () => {
    const bad = await get(`csv?suite=${SUITE}&sort=nonsense`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('Cannot sort by "nonsense"');
    const dir = await get(`csv?suite=${SUITE}&dir=up`);
    expect(dir.status).toBe(400);
    expect(((await dir.json()) as { error: string }).error).toContain('"dir" must be asc or desc');
    expect((await get('csv?suite=no-such-suite')).status).toBe(404);
    expect((await get('xml')).status).toBe(404);
  });
});
