import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './client';
import { migrateDb } from './migrate';
import { MIGRATIONS_DIR } from './paths';
import { rowsOf } from './queries/job-row';
import { createTestDb, testDbKinds } from './testing';

const MIGRATION = '0009_versioned_results';

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

describe.each(testDbKinds)('migration to versioned results on %s', (kind) => {
  let handle: DbHandle;
  let before: string;
  beforeAll(async () => {
    handle = await createTestDb(kind, { migrate: false });
    before = migrationsBefore(MIGRATION);
    if (handle.kind === 'pglite')
      await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: before });
    else await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder: before });
  });
  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    await handle?.close();
  });

  it('keeps existing rows current with their time, and types the provenance measured rows carry', async () => {
    const db = handle.db;
    await db.execute(sql`insert into tasks (slug, title, category, dataset, num_classes, primary_metric, higher_is_better,
      secondary_metrics, protocol, paper_protocol, version) values ('linear-dtd', 'DTD', 'linear', 'dtd', 47, 'top1', 1, '[]', null, '{}', 1)`);
    await db.execute(sql`insert into models (id, slug, name, source) values
      ('00000000-0000-4000-8000-000000000001', 'old-net', 'Old net', 'submission')`);
    const provenance = {
      task: { slug: 'linear-dtd', version: 1 },
      model: { sha256: 'a'.repeat(64), featureOutput: 'pool' },
      runner: {
        version: '0.2.0',
        onnxruntime: '1.21.0',
        executionProvider: 'cpu',
        precision: { requested: 'fp16', used: 'fp16', gate: null },
      },
    };
    await db.execute(sql`insert into results (model_id, task_slug, metric, value, source, protocol_id, protocol_version, provenance, created_at)
      values ('00000000-0000-4000-8000-000000000001', 'linear-dtd', 'top1', 70, 'measured', 'linear-lbfgs', 1, ${JSON.stringify(provenance)}::jsonb,
        '2026-01-02T03:04:05Z'),
      ('00000000-0000-4000-8000-000000000001', 'linear-dtd', 'top1', 71, 'reported', 'linear-lbfgs', 1, '{"table":"Table 1"}', now())`);
    await migrateDb(handle);
    const rows = rowsOf(
      await db.execute(sql`select source, task_version, runner_version, onnxruntime_version, execution_provider, precision,
      artifact_sha256, feature_tensor, superseded_at, created_at from results order by source`),
    );
    expect(rows).toHaveLength(2);
    const measured = rows.find((r) => r.source === 'measured')!;
    expect(measured).toMatchObject({
      task_version: 1,
      runner_version: '0.2.0',
      onnxruntime_version: '1.21.0',
      execution_provider: 'cpu',
      precision: 'fp16',
      artifact_sha256: 'a'.repeat(64),
      feature_tensor: 'pool',
      superseded_at: null,
    });
    expect(new Date(measured.created_at as string).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(rows.find((r) => r.source === 'reported')).toMatchObject({
      task_version: 1,
      runner_version: null,
      superseded_at: null,
    });
  });
});

describe.each(testDbKinds)('migration of the runner name in provenance on %s', (kind) => {
  let handle: DbHandle;
  let before: string;
  beforeAll(async () => {
    handle = await createTestDb(kind, { migrate: false });
    before = migrationsBefore('0011_provenance_runner_name');
    if (handle.kind === 'pglite')
      await migratePglite(handle.db as unknown as PgliteDatabase, { migrationsFolder: before });
    else await migratePg(handle.db as unknown as NodePgDatabase, { migrationsFolder: before });
  });
  afterAll(async () => {
    rmSync(before, { recursive: true, force: true });
    await handle?.close();
  });

  it("moves a name the API wrote over provenance.runner to runnerName, and leaves a runner's own record alone", async () => {
    const db = handle.db;
    await db.execute(sql`insert into tasks (slug, title, category, dataset, num_classes, primary_metric, higher_is_better,
      secondary_metrics, protocol, paper_protocol, version) values
      ('linear-dtd', 'DTD', 'linear', 'dtd', 47, 'top1', 1, '[]', null, '{}', 1),
      ('linear-pets', 'Pets', 'linear', 'pets', 37, 'top1', 1, '[]', null, '{}', 1)`);
    await db.execute(sql`insert into models (id, slug, name, source) values
      ('00000000-0000-4000-8000-000000000002', 'named-net', 'Named net', 'submission')`);
    const named = { jobId: 'j1', runner: 'gpu-host-1', model: { sha256: 'b'.repeat(64) } };
    const own = { runner: { version: '0.3.0' } };
    await db.execute(sql`insert into results (model_id, task_slug, metric, value, source, protocol_id, protocol_version, provenance)
      values ('00000000-0000-4000-8000-000000000002', 'linear-dtd', 'top1', 70, 'measured', 'linear-lbfgs', 1, ${JSON.stringify(named)}::jsonb),
      ('00000000-0000-4000-8000-000000000002', 'linear-pets', 'top1', 80, 'measured', 'linear-lbfgs', 1, ${JSON.stringify(own)}::jsonb)`);
    await migrateDb(handle);
    const rows = rowsOf(await db.execute(sql`select task_slug, provenance from results order by task_slug`));
    expect(rows.map((r) => r.provenance)).toEqual([
      { jobId: 'j1', runnerName: 'gpu-host-1', model: { sha256: 'b'.repeat(64) } },
      { runner: { version: '0.3.0' } },
    ]);
  });
});
