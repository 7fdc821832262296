import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '@transferboard/db/client';
import { createTestDb } from '@transferboard/db/testing';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTokens, startArtifactServer } from '../test/artifact-server';
import { statfsFreeBytes } from './free-space';
import { FsArtifactStore } from './fs-store';

const auth = (name: string) => ({ authorization: `Bearer secret-${name}` });
const model = (seed: number) => Buffer.from(buildTinyBackbone({ seed }));

async function post(url: string, token: string, body: Buffer | string) {
  const res = await fetch(`${url}/artifacts`, { method: 'POST', headers: auth(token), body });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { error: string; code: string; id?: string },
  };
}

/** A chunked upload (no Content-Length): the server learns its size only as it streams. */
async function postChunked(url: string, token: string, body: Buffer) {
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < body.length; i += 64 * 1024) c.enqueue(body.subarray(i, i + 64 * 1024));
      c.close();
    },
  });
  const res = await fetch(`${url}/artifacts`, {
    method: 'POST',
    headers: auth(token),
    body: stream,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as { error: string; code: string } };
}

/** A root-only real filesystem of `bytes` (tmpfs); null where mounting is not allowed. */
function mountTmpfs(dir: string, bytes: number): (() => void) | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    return () => execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
}

describe('upload limits: per-token concurrency, byte quota, free space', () => {
  let db: DbHandle;
  let dir: string;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    db = await createTestDb('pglite', { seed: false });
    await makeTokens(db, { alice: 'submitter', bob: 'submitter', root: 'admin' });
    dir = mkdtempSync(join(tmpdir(), 'tb-upload-limits-'));
  });
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a second upload of one token while its first is in progress (429 + Retry-After), not another token's", async () => {
    const server = await startArtifactServer(db, new FsArtifactStore(join(dir, 'concurrency')), { uploadsPerToken: 1 });
    cleanups.push(server.close);
    // Alice's first upload: headers and part of the body sent, the rest still to come.
    const slow = connect(server.port, '127.0.0.1');
    slow.on('error', () => {});
    const bytes = model(1);
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(
      `POST /artifacts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer secret-alice\r\nContent-Length: ${bytes.length}\r\n\r\n`,
    );
    slow.write(bytes.subarray(0, 1000));
    await new Promise((r) => setTimeout(r, 300));

    const second = await post(server.url, 'alice', model(2));
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('5');
    expect(second.body).toMatchObject({
      code: 'TOO_MANY_UPLOADS',
      error: expect.stringMatching(/already has 1 upload\(s\) in progress \(ARTIFACT_UPLOADS_PER_TOKEN\)/),
    });
    expect((await post(server.url, 'bob', model(3))).status).toBe(201);

    // The first one finishes: Alice may upload again.
    const answered = new Promise<string>((resolve) => slow.on('data', (d: Buffer) => resolve(d.toString())));
    slow.write(bytes.subarray(1000)); // not end(): a half-closed request is an aborted one
    expect(await answered).toMatch(/^HTTP\/1\.1 201/);
    expect((await post(server.url, 'alice', model(2))).status).toBe(201);
  });

  it("counts each token's stored bytes against its quota (413 QUOTA_EXCEEDED), before reading the body; admins are exempt", async () => {
    const first = model(10);
    const server = await startArtifactServer(db, new FsArtifactStore(join(dir, 'quota')), {
      quotaBytes: Math.floor(first.length * 1.5),
    });
    cleanups.push(server.close);
    await makeTokens(db, { carol: 'submitter' });
    expect((await post(server.url, 'carol', first)).status).toBe(201);
    const over = await post(server.url, 'carol', model(11));
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      error: expect.stringMatching(/past its storage quota: it has uploaded .* of .* \(ARTIFACT_QUOTA_BYTES\)/),
    });
    // Without a Content-Length the body is cut off at the quota while it streams.
    expect((await postChunked(server.url, 'carol', model(12))).body.code).toBe('QUOTA_EXCEEDED');
    expect((await post(server.url, 'root', model(11))).status).toBe(201);

    const limits = async (token: string) => {
      const res = await fetch(`${server.url}/artifacts/limits`, { headers: auth(token) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect(await limits('carol')).toEqual({
      status: 200,
      body: {
        maxBytes: 1024 * 1024,
        quotaBytes: Math.floor(first.length * 1.5),
        usedBytes: first.length,
        uploadsInProgress: 0,
        uploadsPerToken: 2,
      },
    });
    expect((await limits('root')).body.quotaBytes).toBeNull();
    expect((await fetch(`${server.url}/artifacts/limits`)).status).toBe(401);
  });

  it('keeps a reserve of free space on the real upload disk: 507 with a message when it would be used', async () => {
    const path = join(dir, 'reserve');
    const free = await statfsFreeBytes(path);
    const server = await startArtifactServer(db, new FsArtifactStore(path), { minFreeBytes: free + 1024 ** 4 });
    cleanups.push(server.close);
    const res = await post(server.url, 'bob', model(20));
    expect(res.status).toBe(507);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_STORAGE',
      error: expect.stringMatching(
        /does not have the disk space for this upload right now \(.* free, .* of which it keeps in reserve\); nothing was stored/,
      ),
    });
  });

  const small = join(tmpdir(), `tb-small-fs-${process.pid}`);
  mkdirSync(small, { recursive: true });
  const unmount = mountTmpfs(small, 2 * 1024 * 1024);
  if (unmount) {
    cleanups.push(() => {
      unmount();
      rmSync(small, { recursive: true, force: true });
    });
  } else rmSync(small, { recursive: true, force: true });

  it.skipIf(!unmount)(
    'on a real 2 MiB filesystem: a full disk is 507 (declared or streamed), nothing is left behind, and it works once there is room',
    async () => {
      const bytes = model(30);
      const server = await startArtifactServer(db, new FsArtifactStore(small), { minFreeBytes: 0 });
      cleanups.push(server.close);
      const filler = join(small, 'filler');
      writeFileSync(filler, Buffer.alloc(Math.max(0, (await statfsFreeBytes(small)) - Math.floor(bytes.length / 2))));
      expect(await statfsFreeBytes(small)).toBeLessThan(bytes.length);

      const declared = await post(server.url, 'bob', bytes);
      expect([declared.status, declared.body.code]).toEqual([507, 'INSUFFICIENT_STORAGE']);
      const streamed = await postChunked(server.url, 'bob', bytes);
      expect([streamed.status, streamed.body.code]).toEqual([507, 'INSUFFICIENT_STORAGE']);
      expect(readdirSync(join(small, 'tmp'))).toEqual([]);

      rmSync(filler);
      expect((await post(server.url, 'bob', bytes)).status).toBe(201);
    },
  );
});
