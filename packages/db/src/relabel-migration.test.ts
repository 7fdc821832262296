import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './client';
import { MIGRATIONS_DIR } from './paths';
import { rowsOf } from './queries/job-row';
import { models, results } from './schema';
import { seedPaperData } from './seed';
import { createTestDb, testDbKinds } from './testing';

const MIGRATION = '0005_relabel_measured_before_official_protocols';

/** The committed migrations up to (not including) `tag`, as a folder drizzle's migrator reads. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-migrations-'));
  cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return dir;
}

async function migrateFrom(handle: DbHandle, folder: string): Promise<void> {
  if (handle.kind === 'pglite') await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  else await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder: folder });
}

describe.each(testDbKinds)('migration %s on %s', (kind) => {
  let handle: DbHandle;
  let before: string;
  beforeAll(async () => {
    handle = await createTestDb(kind, { migrate: false });
    before = migrationsBefore(MIGRATION);
    await migrateFrom(handle, before);
    await seedPaperData(handle.db);
  });
  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    await handle?.close();
  });

  it('relabels measured few-shot results and validation-fitted ECE, and leaves the paper\'s alone', async () => {
    const db = handle.db;
    const [model] = await db.insert(models).values({ slug: 'measured-before', name: 'Measured before', source: 'submission' }).returning();
    const measured = (taskSlug: string, metric: string, protocolId: string, protocolVersion: number) =>
      ({ modelId: model!.id, taskSlug, metric, value: 50, source: 'measured' as const, protocolId, protocolVersion, provenance: {} });
    await db.insert(results).values([
      measured('fewshot-eurosat-5shot', 'accuracy', 'fewshot-protonet', 1),
      measured('linear-dtd', 'top1', 'linear-lbfgs', 1),
      measured('linear-dtd', 'ece', 'linear-lbfgs', 1),
      measured('linear-dtd', 'ece_temp_scaled', 'linear-lbfgs', 1),
      measured('dense-nyuv2-normals', 'mean_angle_error', 'normals-frozen-probe', 1),
    ]);
    const reportedFewShot = (await db.select().from(results).where(and(eq(results.source, 'reported'), eq(results.protocolId, 'fewshot-protonet')))).length;
    expect(reportedFewShot).toBeGreaterThan(100);

    await migrateFrom(handle, MIGRATIONS_DIR);

    const mine = await db.select().from(results).where(eq(results.modelId, model!.id));
    const key = (r: (typeof mine)[number]) => `${r.taskSlug} ${r.metric} ${r.protocolId} v${r.protocolVersion}`;
    expect(mine.map(key).sort()).toEqual([
      'dense-nyuv2-normals mean_angle_error normals-frozen-probe v1',
      'fewshot-eurosat-5shot accuracy fewshot-protonet-linear-preprocessing v1',
      'linear-dtd ece linear-lbfgs v1',
      'linear-dtd ece_temp_scaled_val linear-lbfgs v1',
      'linear-dtd top1 linear-lbfgs v1',
    ]);
    expect(mine.every((r) => r.value === 50)).toBe(true);
    const reportedAfter = await db.select().from(results).where(and(eq(results.source, 'reported'), eq(results.protocolId, 'fewshot-protonet')));
    expect(reportedAfter).toHaveLength(reportedFewShot);
    const [version] = rowsOf(await db.execute(sql`select version from data_versions where key = 'results'`));
    expect(Number(version?.version)).toBeGreaterThanOrEqual(1);
  });
});
