import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '@transferboard/db/client';
import { authenticateApiToken } from '@transferboard/db/queries/authenticate-api-token';
import { createSubmission } from '@transferboard/db/queries/create-submission';
import { findArtifact } from '@transferboard/db/queries/find-artifact';
import { createTestDb } from '@transferboard/db/testing';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTokens, startArtifactServer } from '../test/artifact-server';
import { startS3Server, type S3TestServer } from '../test/s3-server';
import { hashToken } from './auth';
import { collectArtifacts } from './collector';
import { FsArtifactStore } from './fs-store';
import type { ArtifactStore } from './store';

const DAY = 24 * 3_600_000;

describe.each(['fs', 's3'] as const)('garbage collection of unsubmitted artifacts (%s store)', (kind) => {
  let db: DbHandle;
  let dir: string;
  let s3: S3TestServer | undefined;
  let store: ArtifactStore;
  let server: Awaited<ReturnType<typeof startArtifactServer>>;

  const upload = async (seed: number, token = 'dana') => {
    const res = await fetch(`${server.url}/artifacts`, {
      method: 'POST',
      headers: { authorization: `Bearer secret-${token}` },
      body: Buffer.from(buildTinyBackbone({ seed })),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; sha256: string };
  };

  beforeAll(async () => {
    db = await createTestDb('pglite');
    await makeTokens(db, { dana: 'submitter', eve: 'submitter' });
    dir = mkdtempSync(join(tmpdir(), 'tb-gc-'));
    if (kind === 's3') s3 = await startS3Server();
    store = s3 ? s3.store(join(dir, 'tmp')) : new FsArtifactStore(dir);
    server = await startArtifactServer(db, store);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes rows and blobs of artifacts nobody submitted after the set time, never a submitted one or a fresh one', async () => {
    const submitted = await upload(41);
    const abandoned = await upload(42);
    const dana = (await authenticateApiToken(db.db, hashToken('secret-dana')))!;
    const made = await createSubmission(db.db, {
      artifactId: submitted.id,
      suiteSlug: 'ssl-transfer-v1',
      submittedBy: dana.id,
      baseSlug: 'gc-kept',
      model: {
        name: 'GC kept',
        description: null,
        paperUrl: null,
        codeUrl: null,
        license: null,
        normalization: 'imagenet',
      },
    });
    expect(made.ok).toBe(true);
    const log = pino({ level: 'silent' });

    // Within the time: nothing goes.
    expect(await collectArtifacts(db.db, store, log, 7 * DAY)).toMatchObject({ artifacts: 0 });
    // A week later: the unsubmitted one goes, row and blob; the submitted one stays.
    const later = new Date(Date.now() + 8 * DAY);
    const done = await collectArtifacts(db.db, store, log, 7 * DAY, later);
    expect(done.artifacts).toBe(1);
    expect(await findArtifact(db.db, abandoned.id)).toBeNull();
    expect(await store.exists(`sha256/${abandoned.sha256.slice(0, 2)}/${abandoned.sha256}.onnx`)).toBe(false);
    expect(await findArtifact(db.db, submitted.id)).not.toBeNull();
    expect(await store.exists(`sha256/${submitted.sha256.slice(0, 2)}/${submitted.sha256}.onnx`)).toBe(true);
    const download = await fetch(`${server.url}/artifacts/${abandoned.id}`, {
      headers: { authorization: 'Bearer secret-dana' },
    });
    expect(download.status).toBe(403); // a submitter may not download; the row is gone either way

    // The same bytes uploaded again come back under a new id, blob included.
    const back = await upload(42);
    expect(back.sha256).toBe(abandoned.sha256);
    expect(back.id).not.toBe(abandoned.id);
    expect(await store.exists(`sha256/${back.sha256.slice(0, 2)}/${back.sha256}.onnx`)).toBe(true);
  });

  it('a recent upload, by the same or another token, keeps old bytes from collection', async () => {
    const old = await upload(43, 'dana');
    const log = pino({ level: 'silent' });
    const age = async () => {
      // Dana uploaded these bytes ten days ago.
      await db.db.execute(sql`update artifacts set created_at = now() - interval '10 days' where id = ${old.id}`);
      await db.db.execute(
        sql`update artifact_uploads set created_at = now() - interval '10 days' where artifact_id = ${old.id}`,
      );
    };
    await age();
    await upload(43, 'eve');
    expect((await collectArtifacts(db.db, store, log, 7 * DAY)).artifacts).toBe(0);
    await age();
    await upload(43, 'dana');
    expect((await collectArtifacts(db.db, store, log, 7 * DAY)).artifacts).toBe(0);
    await age();
    expect((await collectArtifacts(db.db, store, log, 7 * DAY)).artifacts).toBe(1);
    expect(await findArtifact(db.db, old.id)).toBeNull();
  });

  it('removes temporary files that crashed uploads left behind a day ago, not fresh ones', async () => {
    mkdirSync(store.tmpDir, { recursive: true });
    const stale = join(store.tmpDir, 'abandoned.upload');
    const fresh = join(store.tmpDir, 'in-progress.upload');
    writeFileSync(stale, 'x');
    writeFileSync(fresh, 'y');
    const twoDaysAgo = new Date(Date.now() - 2 * DAY);
    utimesSync(stale, twoDaysAgo, twoDaysAgo);
    const done = await collectArtifacts(db.db, store, pino({ level: 'silent' }), 7 * DAY);
    expect(done.tmpFiles).toBe(1);
    expect(readdirSync(store.tmpDir)).toEqual(['in-progress.upload']);
    rmSync(fresh);
  });
});
