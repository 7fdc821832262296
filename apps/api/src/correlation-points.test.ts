import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import { testDbKinds } from '@transferboard/db/testing';
import { registry } from '@transferboard/suite/registry';
import { correlate, linearFit } from '@transferboard/suite/statistics';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test/harness';

/**
 * Correlation.points bounded (issue 19): the coefficients and interval stay over every point,
 * the list holds at most `first` (every reported point, then an even sample of the rest), and a
 * correlation is computed once per data version. The paper's 14 models plus 60 measured ones.
 */

const SUITE = 'ssl-transfer-v1';
const GROUP = 'linear';
const EXTRA = 60;

const QUERY = `query($first: Int, $method: CorrelationMethod!) {
  correlation(suite: "${SUITE}", group: "${GROUP}", method: $method) {
    coefficient n pointCount ciLow ciHigh fit { slope intercept } points(first: $first) { model { slug } source x y }
  } }`;

interface Data {
  coefficient: number;
  n: number;
  pointCount: number;
  ciLow: number;
  ciHigh: number;
  fit: { slope: number; intercept: number };
  points: { model: { slug: string }; source: string; x: number; y: number }[];
}

/** EXTRA measured models with the linear group's tasks on its (the paper's) protocol, values spread deterministically. */
async function seedMeasured(h: Harness): Promise<void> {
  const db = h.db.db;
  await db.execute(sql`INSERT INTO models (slug, name, source, imagenet_top1)
    SELECT 'extra-' || lpad(i::text, 3, '0'), 'Extra ' || i, 'submission', 50 + (i * 13 % 30)
    FROM generate_series(1, ${EXTRA}::int) AS i`);
  for (const slug of registry.analysisGroup(SUITE, GROUP).taskSlugs) {
    const t = registry.task(slug);
    await db.execute(sql`INSERT INTO results (model_id, task_slug, metric, value, source, protocol_id,
        protocol_version, provenance)
      SELECT m.id, ${slug}, ${t.primaryMetric}, 20 + (m.imagenet_top1::int * 7 % 75), 'measured',
        ${t.paperProtocol.id}, ${t.paperProtocol.version}, '{"test":"bounded points"}'::jsonb
      FROM models m WHERE m.slug LIKE 'extra-%'`);
  }
  await bumpDataVersion(db);
}

describe.each(testDbKinds)('correlation points, bounded (%s)', (kind) => {
  let h: Harness;
  const correlation = async (vars: Record<string, unknown>) => {
    const res = await h.query<{ correlation: Data }>(QUERY, { method: 'PEARSON', ...vars });
    expect(res.errors).toBeUndefined();
    return res.data!.correlation;
  };

  beforeAll(async () => {
    h = await startHarness(kind);
    await seedMeasured(h);
  }, 120_000);
  afterAll(async () => h?.close());

  it('keeps the coefficients, interval and line over every point whatever the bound', async () => {
    const all = await correlation({ first: 2000 });
    expect(all.n).toBe(14 + EXTRA);
    expect(all.pointCount).toBe(all.n);
    expect(all.points).toHaveLength(all.n);
    expect(all.coefficient).toBeCloseTo(
      correlate(
        'PEARSON',
        all.points.map((p) => p.x),
        all.points.map((p) => p.y),
      )!,
      12,
    );
    const fit = linearFit(
      all.points.map((p) => p.x),
      all.points.map((p) => p.y),
    )!;
    expect(all.fit.slope).toBeCloseTo(fit.slope, 12);
    expect(all.fit.intercept).toBeCloseTo(fit.intercept, 12);
    // The scatter's line, too, is over every point: it does not move with the bound.
    for (const first of [0, 20, 500]) {
      const bounded = await correlation({ first });
      expect({ ...bounded, points: [] }).toEqual({ ...all, points: [] });
    }
    const spearman = await correlation({ method: 'SPEARMAN', first: 10 });
    expect(spearman.n).toBe(all.n);
    expect(spearman.points).toHaveLength(10);
  });

  it('honours the bound: every reported point, then an even sample of the measured ones, in slug order', async () => {
    const all = (await correlation({ first: 2000 })).points;
    const shown = (await correlation({ first: 20 })).points;
    expect(shown).toHaveLength(20);
    expect(shown.filter((p) => p.source === 'REPORTED')).toHaveLength(14);
    const measured = all.filter((p) => p.source === 'MEASURED').map((p) => p.model.slug);
    const picked = shown.filter((p) => p.source === 'MEASURED').map((p) => p.model.slug);
    expect(picked).toEqual([0, 10, 20, 30, 40, 50].map((i) => measured[i]));
    // A subsequence of the full list: its order.
    const key = (p: Data['points'][number]) => `${p.model.slug}|${p.source}`;
    const order = shown.map((p) => all.map(key).indexOf(key(p)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // Without `first` (or with null), 500: everything here.
    expect((await correlation({})).points).toHaveLength(all.length);
    expect((await correlation({ first: null })).points).toHaveLength(all.length);
  });

  it('refuses a bound out of range with a message', async () => {
    const res = await h.query(QUERY, { method: 'PEARSON', first: 2001 });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/"first" must be between 0 and 2000 \(got 2001\)/);
  });

  it('computes a correlation once per data version', async () => {
    await correlation({ first: 5 });
    const builds = h.server.correlations.builds;
    await correlation({ first: 7 });
    expect(h.server.correlations.builds).toBe(builds);
    await bumpDataVersion(h.db.db);
    await correlation({ first: 5 });
    expect(h.server.correlations.builds).toBe(builds + 1);
  });
});
