import { loadPaperResults } from '@transferboard/suite/paper-results';
import { and, count, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './client';
import { migrateDb } from './migrate';
import { findLeaderboardCells } from './queries/find-leaderboard-cells';
import { findModel } from './queries/find-model';
import { findSuite } from './queries/find-suite';
import { listModels } from './queries/list-models';
import { listResults } from './queries/list-results';
import { listSuites } from './queries/list-suites';
import { listTasks } from './queries/list-tasks';
import { models, results } from './schema';
import { seedPaperData } from './seed';
import { createTestDb, TEST_DATABASE_URL, testDbKinds } from './testing';

it('runs against a real PostgreSQL server under `npm test`', () => {
  // CI must exercise both drivers; only a bare `vitest` run in this folder may skip PostgreSQL.
  if (process.env.TB_TEST_REPORT_DIR) expect(TEST_DATABASE_URL).toMatch(/^postgres:\/\//);
  expect(testDbKinds).toContain('pglite');
});

describe.each(testDbKinds)('database on %s', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it('migrates and seeds idempotently', async () => {
    await migrateDb(handle);
    const again = await seedPaperData(handle.db);
    expect(again).toEqual({ suites: 2, tasks: 65, models: 14, results: 1036 });
    const [m] = await handle.db.select({ n: count() }).from(models);
    const [r] = await handle.db.select({ n: count() }).from(results);
    expect([m!.n, r!.n]).toEqual([14, 1036]);
  });

  it('a corrected paper number supersedes its row on re-seed, never overwrites it', async () => {
    // The stored row differs from the seed, as after the seed's table was corrected.
    const [row] = await handle.db
      .select()
      .from(results)
      .where(and(eq(results.source, 'reported'), isNull(results.supersededAt)))
      .limit(1);
    await handle.db.update(results).set({ value: -1 }).where(eq(results.id, row!.id));
    await seedPaperData(handle.db);
    const history = await handle.db
      .select()
      .from(results)
      .where(
        and(eq(results.modelId, row!.modelId), eq(results.taskSlug, row!.taskSlug), eq(results.metric, row!.metric)),
      )
      .orderBy(results.id);
    expect(history.map((h) => [h.value, h.supersededAt === null])).toEqual([
      [-1, false],
      [row!.value, true],
    ]);
    expect(history[0]!.supersededBy).toBe(history[1]!.id);
    // Nothing changed since: a second re-seed adds no row.
    await seedPaperData(handle.db);
    const [r] = await handle.db.select({ n: count() }).from(results);
    expect(r!.n).toBe(1037);
  });

  it('stores every number of the paper exactly, with its table', async () => {
    const stored = await listResults(handle.db, {});
    const modelSlugs = new Map((await handle.db.select().from(models)).map((x) => [x.id, x.slug]));
    const byKey = new Map(stored.map((s) => [`${modelSlugs.get(s.modelId)}|${s.taskSlug}|${s.metric}`, s]));
    for (const p of loadPaperResults()) {
      const s = byKey.get(`${p.model}|${p.task}|${p.metric}`);
      expect(s, `${p.model} ${p.task} ${p.metric}`).toBeDefined();
      expect(s!.value).toBe(p.value);
      expect(s!.source).toBe('reported');
      expect(s!.provenance.table).toBe(p.table);
      if (p.ci95 !== null) expect(s!.ciHigh! - s!.ciLow!).toBeCloseTo(2 * p.ci95, 9);
    }
  });

  it('finds suites with their tasks in order', async () => {
    expect((await listSuites(handle.db)).map((s) => s.slug)).toEqual(['ssl-transfer-v1', 'ssl-transfer-cvpr']);
    const v1 = await findSuite(handle.db, 'ssl-transfer-v1');
    expect(v1?.tasks).toHaveLength(25);
    expect(v1?.tasks[0]?.slug).toBe('linear-aircraft');
    expect(await findSuite(handle.db, 'nope')).toBeNull();
    expect(await listTasks(handle.db, { suite: 'ssl-transfer-cvpr', category: 'finetune' })).toHaveLength(11);
  });

  it('pages through models with a keyset cursor and filters', async () => {
    const page1 = await listModels(handle.db, { first: 5 });
    expect(page1.totalCount).toBe(14);
    expect(page1.hasNextPage).toBe(true);
    const page2 = await listModels(handle.db, { first: 20, after: page1.models.at(-1)!.slug });
    expect(page2.hasNextPage).toBe(false);
    expect([...page1.models, ...page2.models].map((m) => m.slug)).toEqual(
      [...page1.models, ...page2.models].map((m) => m.slug).sort(),
    );
    expect(page1.models.length + page2.models.length).toBe(14);
    const sim = await listModels(handle.db, { first: 10, filter: { search: 'SIMclr' } });
    expect(sim.models.map((m) => m.slug)).toEqual(['simclr-v1', 'simclr-v2']);
    expect((await listModels(handle.db, { first: 10, filter: { search: '%' } })).totalCount).toBe(0);
    expect((await listModels(handle.db, { first: 20, filter: { family: 'clustering' } })).totalCount).toBe(5);
  });

  it('loads the leaderboard cells of a suite in one query', async () => {
    const cells = await findLeaderboardCells(handle.db, 'ssl-transfer-v1');
    expect(cells).toHaveLength(14 * 25);
    const deepcluster = (await findModel(handle.db, 'deepcluster-v2'))!;
    expect(cells.find((c) => c.modelId === deepcluster.id && c.taskSlug === 'linear-aircraft')?.value).toBe(54.49);
    expect(await findLeaderboardCells(handle.db, 'ssl-transfer-v1', { source: 'measured' })).toHaveLength(0);
    expect(await findLeaderboardCells(handle.db, 'ssl-transfer-cvpr')).toHaveLength(14 * 40);
  });
});
