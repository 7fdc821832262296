import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db, type DbHandle } from './client';
import { migrateDb } from './migrate';
import { createSubmission } from './queries/create-submission';
import { artifacts } from './schema';
import { seedPaperData } from './seed';

export type TestDbKind = 'pglite' | 'postgres';

/**
 * The real PostgreSQL server the test command starts (scripts/test.mjs sets TEST_DATABASE_URL
 * to its admin URL). Tests that need it are skipped, loudly, when it is absent.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const testDbKinds: TestDbKind[] = TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh, migrated (and by default seeded) database for one test file: a new in-memory PGlite,
 * or a new database on the test server that is dropped on close. `migrate: false` leaves it
 * empty (migration tests apply migrations themselves).
 */
export async function createTestDb(
  kind: TestDbKind,
  opts: { seed?: boolean; migrate?: boolean } = {},
): Promise<DbHandle> {
  const handle = kind === 'pglite' ? await createDb('memory://') : await createPostgresTestDb();
  if (opts.migrate === false) return handle;
  await migrateDb(handle);
  if (opts.seed ?? true) await seedPaperData(handle.db);
  return handle;
}

async function createPostgresTestDb(): Promise<DbHandle> {
  if (!TEST_DATABASE_URL)
    throw new Error('TEST_DATABASE_URL is not set: run the tests with `npm test`, which starts PostgreSQL.');
  const name = `tb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handle = await createDb(url.toString());
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/**
 * A submission of a fresh artifact (a random sha256, one byte, no file behind it) on
 * ssl-transfer-v1, as the API's submitModel makes it, for tests of the queue: its job is QUEUED.
 */
export async function submitTestModel(
  db: Db,
  slug: string,
  opts: { submittedBy?: string | null; inspection?: Record<string, unknown> } = {},
) {
  const sha256 = randomBytes(32).toString('hex');
  const [a] = await db
    .insert(artifacts)
    .values({ sha256, size: 1, storageKey: sha256, ...(opts.inspection ? { inspection: opts.inspection } : {}) })
    .returning({ id: artifacts.id });
  const created = await createSubmission(db, {
    artifactId: a!.id,
    suiteSlug: 'ssl-transfer-v1',
    submittedBy: opts.submittedBy ?? null,
    baseSlug: slug,
    model: { name: slug, description: null, paperUrl: null, codeUrl: null, license: null, normalization: 'imagenet' },
  });
  if (!created.ok) throw new Error(`test submission ${slug} not created: ${JSON.stringify(created)}`);
  return created;
}
