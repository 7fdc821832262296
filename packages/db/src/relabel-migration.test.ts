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
import { seedPaperModels, seedSuitesAndTasks } from './seed';
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
  if (handle.kind === 'pglite')
    await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: folder });
  else await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder: folder });
}

describe.each(testDbKinds)('migration %s on %s', (kind) => {
  let handle: DbHandle;
  let before: string;
  let paperModelIds: string[];
  beforeAll(async () => {
    handle = await createTestDb(kind, { migrate: false });
    before = migrationsBefore(MIGRATION);
    await migrateFrom(handle, before);
    // The tasks and models only: results are written in the old shape below, since the current
    // schema's results columns (later migrations) do not exist yet.
    await seedSuitesAndTasks(handle.db);
    paperModelIds = [...(await seedPaperModels(handle.db)).values()];
  });
  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    await handle?.close();
  });

  it("relabels measured few-shot results and validation-fitted ECE, and leaves the paper's alone", async () => {
    const db = handle.db;
    const [model] = await db
      .insert(models)
      .values({ slug: 'measured-before', name: 'Measured before', source: 'submission' })
      .returning();
    const insert = (modelId: string, taskSlug: string, metric: string, source: string, protocolId: string) =>
      db.execute(sql`insert into results (model_id, task_slug, metric, value, source, protocol_id, protocol_version, provenance)
        values (${modelId}, ${taskSlug}, ${metric}, 50, ${source}, ${protocolId}, 1, '{}'::jsonb)`);
    await insert(model!.id, 'fewshot-eurosat-5shot', 'accuracy', 'measured', 'fewshot-protonet');
    await insert(model!.id, 'linear-dtd', 'top1', 'measured', 'linear-lbfgs');
    await insert(model!.id, 'linear-dtd', 'ece', 'measured', 'linear-lbfgs');
    await insert(model!.id, 'linear-dtd', 'ece_temp_scaled', 'measured', 'linear-lbfgs');
    await insert(model!.id, 'dense-nyuv2-normals', 'mean_angle_error', 'measured', 'normals-frozen-probe');
    // The paper's few-shot numbers (reported, on fewshot-protonet) must keep their protocol.
    for (const id of paperModelIds)
      await insert(id, 'fewshot-eurosat-5shot', 'accuracy', 'reported', 'fewshot-protonet');
    const reportedFewShot = paperModelIds.length;
    expect(reportedFewShot).toBeGreaterThan(10);

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
    const reportedAfter = await db
      .select()
      .from(results)
      .where(and(eq(results.source, 'reported'), eq(results.protocolId, 'fewshot-protonet')));
    expect(reportedAfter).toHaveLength(reportedFewShot);
    const [version] = rowsOf(await db.execute(sql`select version from data_versions where key = 'results'`));
    expect(Number(version?.version)).toBeGreaterThanOrEqual(1);
  });
});
