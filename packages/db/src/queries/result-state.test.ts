import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../client';
import { models, protocolVersions, results } from '../schema';
import { createTestDb, testDbKinds } from '../testing';
import { findLeaderboardCells } from './find-leaderboard-cells';
import { listResults } from './list-results';
import { parseAsOf } from './result-state';
import { findDataAsOf, syncVersions } from './sync-versions';

const SUITE = 'ssl-transfer-v1';
const TASK = 'linear-cifar10';

describe('parseAsOf', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  it('reads dates and date-times, zoneless as UTC, and clamps the future to now', () => {
    expect(parseAsOf('2026-01-02', now)?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(parseAsOf('2026-01-02T03:04', now)?.toISOString()).toBe('2026-01-02T03:04:00.000Z');
    expect(parseAsOf('2026-01-02T03:04:05.5+02:00', now)?.toISOString()).toBe('2026-01-02T01:04:05.500Z');
    expect(parseAsOf('2030-01-01T00:00:00Z', now)).toEqual(now);
  });
  it('refuses what is not ISO 8601', () => {
    for (const bad of ['yesterday', '03/12/2026', '2026-13-45', '1733000000', ''])
      expect(parseAsOf(bad, now)).toBeNull();
  });
});

describe.each(testDbKinds)('results at a moment, on %s', (kind) => {
  let handle: DbHandle;
  let modelId: string;
  const t = (iso: string) => new Date(iso);
  beforeAll(async () => {
    handle = await createTestDb(kind);
    const [m] = await handle.db
      .insert(models)
      .values({ slug: 'versioned-net', name: 'Versioned net', source: 'submission' })
      .returning({ id: models.id });
    modelId = m!.id;
    await handle.db
      .insert(protocolVersions)
      .values({ protocolId: 'linear-lbfgs', version: 1, introducedAt: t('2026-01-01T00:00:00Z') });
    // v1 measured on 1 March, re-measured (same identity) on 1 June: history keeps both.
    const base = {
      modelId,
      taskSlug: TASK,
      metric: 'top1',
      source: 'measured' as const,
      protocolId: 'linear-lbfgs',
      protocolVersion: 1,
      taskVersion: 1,
      provenance: {},
      runnerVersion: '0.1.0',
    };
    const [first] = await handle.db
      .insert(results)
      .values({ ...base, value: 0.8, createdAt: t('2026-03-01T00:00:00Z') })
      .returning({ id: results.id });
    await handle.db
      .update(results)
      .set({ supersededAt: t('2026-06-01T00:00:00Z') })
      .where(eq(results.id, first!.id));
    const [second] = await handle.db
      .insert(results)
      .values({ ...base, value: 0.9, runnerVersion: '0.2.0', createdAt: t('2026-06-01T00:00:00Z') })
      .returning({ id: results.id });
    await handle.db.update(results).set({ supersededBy: second!.id }).where(eq(results.id, first!.id));
  });
  afterAll(async () => handle?.close());

  const cell = async (opts: Parameters<typeof findLeaderboardCells>[2]) =>
    (await findLeaderboardCells(handle.db, SUITE, { source: 'measured', ...opts })).filter(
      (c) => c.modelId === modelId,
    );

  it('keeps one current row per identity: a second current row is refused', async () => {
    await expect(
      handle.db.insert(results).values({
        modelId,
        taskSlug: TASK,
        metric: 'top1',
        source: 'measured',
        protocolId: 'linear-lbfgs',
        protocolVersion: 1,
        value: 1,
        provenance: {},
      }),
    ).rejects.toThrow();
  });

  it('shows the state at T: absent before the first measurement, the old number before the re-run, the new one now', async () => {
    expect(await cell({ asOf: t('2026-02-01T00:00:00Z') })).toEqual([]);
    expect((await cell({ asOf: t('2026-04-01T00:00:00Z') })).map((c) => c.value)).toEqual([0.8]);
    expect((await cell({ asOf: t('2026-06-01T00:00:00Z') })).map((c) => c.value)).toEqual([0.9]);
    expect((await cell({})).map((c) => c.value)).toEqual([0.9]);
    const history = await handle.db.select().from(results).where(eq(results.modelId, modelId));
    expect(history.map((r) => r.value).sort()).toEqual([0.8, 0.9]);
  });

  it('a new runner version that changes no protocol or task version makes nothing stale', async () => {
    await syncVersions(handle.db, {
      // Another protocol at a higher version says nothing about this one's results.
      protocols: [
        { id: 'linear-lbfgs', version: 1 },
        { id: 'normals-frozen-probe', version: 2 },
      ],
      tasks: [{ slug: TASK, version: 1 }],
    });
    const [c] = await cell({});
    expect(c?.staleReason).toBeNull();
    // A one-table select too (drizzle writes its columns unqualified there).
    const rows = await listResults(handle.db, { modelIds: [modelId] });
    expect(rows.map((r) => r.staleReason)).toEqual([null]);
  });

  it('a newer protocol version makes measured results stale from its introduction on, not before', async () => {
    const synced = await syncVersions(handle.db, { protocols: [{ id: 'linear-lbfgs', version: 2 }], tasks: [] });
    expect(synced.newProtocols).toEqual([{ id: 'linear-lbfgs', version: 2 }]);
    // A second replica starting at once finds it recorded: the first time stays.
    expect(
      (await syncVersions(handle.db, { protocols: [{ id: 'linear-lbfgs', version: 2 }], tasks: [] })).newProtocols,
    ).toEqual([]);
    // Left out of rankings by default; kept and flagged on request.
    expect(await cell({})).toEqual([]);
    const [stale] = await cell({ includeStale: true });
    expect(stale?.staleReason).toMatch(/^protocol linear-lbfgs v1 → v2 on \d{4}-\d{2}-\d{2}$/);
    // Before v2 existed, the same row was not stale.
    const [then] = await cell({ asOf: t('2026-07-01T00:00:00Z') });
    expect(then).toMatchObject({ value: 0.9, staleReason: null });
    // Reported (paper) numbers on v1 are what the paper reported: never stale.
    const paper = await findLeaderboardCells(handle.db, SUITE, { source: 'reported' });
    expect(paper.filter((c) => c.taskSlug === TASK).length).toBeGreaterThan(0);
    // A model's results keep stale rows, flagged.
    const rows = await listResults(handle.db, { modelIds: [modelId] });
    expect(rows.map((r) => [r.value, r.staleReason === null])).toEqual([[0.9, false]]);
  });

  it('a newer task version makes results of the older task version stale', async () => {
    await syncVersions(handle.db, { protocols: [], tasks: [{ slug: TASK, version: 2 }] });
    const rows = await listResults(handle.db, { modelIds: [modelId], includeStale: true });
    expect(rows[0]?.staleReason).toMatch(/^protocol linear-lbfgs v1 → v2/);
    await handle.db.execute(sql`delete from protocol_versions where version = 2`);
    const [r] = await listResults(handle.db, { modelIds: [modelId] });
    expect(r?.staleReason).toMatch(/^task linear-cifar10 v1 → v2 on /);
  });

  it('dataAsOf is the last change, rounded up to the second so a permalink includes it', async () => {
    const at = await findDataAsOf(handle.db);
    const [latest] = await handle.db
      .execute(sql`select max(created_at) as m from results`)
      .then((r) => (r as unknown as { rows: { m: string }[] }).rows);
    expect(at!.getTime()).toBeGreaterThanOrEqual(new Date(latest!.m).getTime());
    expect(at!.getTime() % 1000).toBe(0);
    expect((await findLeaderboardCells(handle.db, SUITE, { asOf: at! })).length).toBe(
      (await findLeaderboardCells(handle.db, SUITE, {})).length,
    );
  });
});
