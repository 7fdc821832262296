import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '@transferboard/db/client';
import { authenticateApiToken } from '@transferboard/db/queries/authenticate-api-token';
import { createApiToken } from '@transferboard/db/queries/create-api-token';
import { hasUploadedArtifact } from '@transferboard/db/queries/has-uploaded-artifact';
import { createTestDb } from '@transferboard/db/testing';
import { hostileModels } from '@transferboard/onnx-intake/hostile-models';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_DEFAULTS } from '../test/artifact-server';
import { startS3Server, type S3TestServer } from '../test/s3-server';
import { hashToken } from './auth';
import { FsArtifactStore } from './fs-store';
import { createArtifactRoute } from './routes';
import { storageKeyFor, type ArtifactStore } from './store';
import { validateInChild } from './validate';

describe.each(['fs', 's3'] as const)('artifact upload and download (%s store)', (kind) => {
  let db: DbHandle;
  let http: Server;
  let url: string;
  let dir: string;
  let store: ArtifactStore;
  let s3: S3TestServer | undefined;
  const model = Buffer.from(buildTinyBackbone({ seed: 7 }));
  const sha256 = createHash('sha256').update(model).digest('hex');
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });
  /** Child processes started, and a time limit to impose on the next one. */
  const validations = { started: 0, nextTimeoutMs: null as number | null };

  beforeAll(async () => {
    db = await createTestDb('pglite', { seed: false });
    dir = mkdtempSync(join(tmpdir(), 'tb-artifacts-'));
    if (kind === 's3') s3 = await startS3Server();
    store = s3 ? s3.store(join(dir, 'tmp')) : new FsArtifactStore(dir);
    for (const role of ['submitter', 'runner', 'admin'] as const) {
      await createApiToken(db.db, { name: role, role, tokenHash: hashToken(`secret-${role}`), prefix: role });
    }
    await createApiToken(db.db, {
      name: 'submitter-2',
      role: 'submitter',
      tokenHash: hashToken('secret-submitter-2'),
      prefix: 'submitter-2',
    });
    const route = createArtifactRoute({
      db: db.db,
      store,
      config: UPLOAD_DEFAULTS,
      log: pino({ level: 'silent' }),
      validate: (path, name, limits) => {
        validations.started++;
        const timeoutMs = validations.nextTimeoutMs ?? limits.timeoutMs;
        validations.nextTimeoutMs = null;
        return validateInChild(path, name, { ...limits, timeoutMs });
      },
    });
    http = createServer((req, res) => {
      void route(req, res, 'test').then((handled) => {
        if (!handled) res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => http?.close(resolve));
    await db?.close();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a valid model once by its sha256 and serves it to runners', async () => {
    const first = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter'), body: model });
    expect(first.status).toBe(201);
    const body = (await first.json()) as { id: string; sha256: string; size: number; created: boolean };
    expect(body).toMatchObject({ sha256, size: model.length, created: true });
    expect(await store.exists(storageKeyFor(sha256))).toBe(true);
    if (kind === 'fs') expect(existsSync(join(dir, storageKeyFor(sha256)))).toBe(true);

    const again = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-admin'), body: model });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual({ ...body, created: false });

    const got = await fetch(`${url}/artifacts/${body.id}`, { headers: auth('secret-runner') });
    expect(got.status).toBe(200);
    expect(got.headers.get('x-artifact-sha256')).toBe(sha256);
    expect(Buffer.from(await got.arrayBuffer()).equals(model)).toBe(true);
  });

  it('records every token that uploads the same bytes, so each may submit them', async () => {
    const bytes = Buffer.from(buildTinyBackbone({ seed: 8 }));
    const first = (await (
      await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter'), body: bytes })
    ).json()) as { id: string; created: boolean };
    const second = (await (
      await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter-2'), body: bytes })
    ).json()) as { id: string; created: boolean };
    expect([first.created, second.created, second.id]).toEqual([true, false, first.id]);
    const tokenId = async (hash: string) => (await authenticateApiToken(db.db, hashToken(hash)))!.id;
    expect(await hasUploadedArtifact(db.db, first.id, await tokenId('secret-submitter'))).toBe(true);
    expect(await hasUploadedArtifact(db.db, first.id, await tokenId('secret-submitter-2'))).toBe(true);
    expect(await hasUploadedArtifact(db.db, first.id, await tokenId('secret-admin'))).toBe(false);
  });

  it('refuses missing and wrong-role tokens, unknown ids and invalid models with a clear 4xx', async () => {
    expect((await fetch(`${url}/artifacts`, { method: 'POST', body: model })).status).toBe(401);
    const wrongRole = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-runner'), body: model });
    expect(wrongRole.status).toBe(403);
    expect(((await wrongRole.json()) as { error: string }).error).toMatch(
      /runner token cannot do this; it needs a submitter or admin token/,
    );
    expect(
      (await fetch(`${url}/artifacts/00000000-0000-4000-8000-000000000000`, { headers: auth('secret-submitter') }))
        .status,
    ).toBe(403);
    expect(
      (await fetch(`${url}/artifacts/00000000-0000-4000-8000-000000000000`, { headers: auth('secret-runner') })).status,
    ).toBe(404);
    expect((await fetch(`${url}/artifacts/not-a-uuid`, { headers: auth('secret-runner') })).status).toBe(404);

    const text = await fetch(`${url}/artifacts`, {
      method: 'POST',
      headers: auth('secret-submitter'),
      body: 'hello, not a model',
    });
    expect(text.status).toBe(422);
    expect(((await text.json()) as { error: string }).error).toMatch(/is not an ONNX model/);
    const big = await fetch(`${url}/artifacts`, {
      method: 'POST',
      headers: auth('secret-submitter'),
      body: Buffer.alloc(2 * 1024 * 1024),
    });
    expect(big.status).toBe(413);
    const empty = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter'), body: '' });
    expect(empty.status).toBe(400);
    expect(existsSync(join(dir, 'tmp')) ? (await import('node:fs')).readdirSync(join(dir, 'tmp')) : []).toEqual([]);
  });

  it('answers a refused upload of the same bytes from the record of refusals, without validating again', async () => {
    const cyclic = hostileModels().find((m) => m.reason === 'CYCLIC_GRAPH')!.bytes;
    const before = validations.started;
    const first = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter'), body: cyclic });
    expect(first.status).toBe(422);
    const body = (await first.json()) as { error: string; code: string; reason: string; cached: boolean };
    expect(body).toMatchObject({ code: 'INVALID_MODEL', reason: 'CYCLIC_GRAPH', cached: false });
    const again = await fetch(`${url}/artifacts`, {
      method: 'POST',
      headers: auth('secret-submitter-2'),
      body: cyclic,
    });
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({
      error: body.error,
      code: 'INVALID_MODEL',
      reason: 'CYCLIC_GRAPH',
      cached: true,
    });
    expect(validations.started).toBe(before + 1);
  });

  it('does not remember a refusal the file did not decide (a timeout): the same bytes are validated again', async () => {
    const bytes = Buffer.from(buildTinyBackbone({ seed: 9 }));
    validations.nextTimeoutMs = 1;
    const slow = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter'), body: bytes });
    expect(slow.status).toBe(422);
    expect(await slow.json()).toMatchObject({ reason: 'VALIDATOR_TIMEOUT', cached: false });
    const before = validations.started;
    const retry = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter'), body: bytes });
    expect(retry.status).toBe(201);
    expect(validations.started).toBe(before + 1);
  });

  it('resumes a download from a byte offset when If-Range names the artifact, and sends the whole file otherwise', async () => {
    const bytes = Buffer.from(buildTinyBackbone({ seed: 19 }));
    const { id } = (await (
      await fetch(`${url}/artifacts`, { method: 'POST', headers: auth('secret-submitter'), body: bytes })
    ).json()) as { id: string };
    const etag = `"${createHash('sha256').update(bytes).digest('hex')}"`;
    const get = (headers: Record<string, string>) =>
      fetch(`${url}/artifacts/${id}`, { headers: { ...auth('secret-runner'), ...headers } });
    const at = 1000;
    const resumed = await get({ range: `bytes=${at}-`, 'if-range': etag });
    expect(resumed.status).toBe(206);
    expect(resumed.headers.get('content-range')).toBe(`bytes ${at}-${bytes.length - 1}/${bytes.length}`);
    expect(resumed.headers.get('content-length')).toBe(String(bytes.length - at));
    expect(Buffer.from(await resumed.arrayBuffer()).equals(bytes.subarray(at))).toBe(true);
    // Another file's etag, no If-Range, or a range form the runner never sends: the whole file, 200.
    const others: Record<string, string>[] = [
      { range: `bytes=${at}-`, 'if-range': '"other"' },
      { range: `bytes=${at}-` },
      { range: 'bytes=0-99', 'if-range': etag },
    ];
    for (const headers of others) {
      const whole = await get(headers);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    }
    const past = await get({ range: `bytes=${bytes.length}-`, 'if-range': etag });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${bytes.length}`]);
  });
});
