import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../test/s3-server';
import { storageKeyFor } from './store';

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('S3ArtifactStore against a real S3-compatible server (s3rver)', () => {
  let s3: S3TestServer;
  let tmp: string;
  const file = (bytes: Buffer) => {
    const path = join(tmp, `${randomBytes(6).toString('hex')}.upload`);
    writeFileSync(path, bytes);
    return path;
  };

  beforeAll(async () => {
    s3 = await startS3Server();
    tmp = mkdtempSync(join(tmpdir(), 'tb-s3-tmp-'));
  });
  afterAll(async () => {
    await s3?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('puts, checks, streams back and deletes an object, with the bytes intact', async () => {
    const store = s3.store(tmp);
    const bytes = randomBytes(3 * 1024 * 1024 + 17); // more than one stream chunk
    const key = storageKeyFor(createHash('sha256').update(bytes).digest('hex'));
    expect(await store.exists(key)).toBe(false);
    expect(await store.open(key)).toBeNull();
    const path = file(bytes);
    await store.put(key, path, bytes.length);
    expect(existsSync(path)).toBe(false); // the temporary file is consumed
    expect(await store.exists(key)).toBe(true);
    const blob = await store.open(key);
    expect(blob!.size).toBe(bytes.length);
    expect((await readAll(blob!.stream)).equals(bytes)).toBe(true);

    // A key already stored is kept as it is; the new temporary file is removed all the same.
    const again = file(bytes);
    await store.put(key, again, bytes.length);
    expect(existsSync(again)).toBe(false);

    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    expect(await store.open(key)).toBeNull();
    await store.delete(key); // deleting an absent key is not an error
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('sends credentials with every request: an unknown access key is refused by the server, and nothing is stored', async () => {
    const bad = s3.store(tmp, { accessKeyId: 'NOT-A-KEY' });
    const bytes = randomBytes(1000);
    const path = file(bytes);
    const key = storageKeyFor(createHash('sha256').update(bytes).digest('hex'));
    await expect(bad.put(key, path, bytes.length)).rejects.toThrow(/S3 HEAD .* failed: 403/);
    expect(existsSync(path)).toBe(false);
    await expect(bad.open(key)).rejects.toThrow(/S3 GET .* failed: 403 InvalidAccessKeyId/);
    await expect(bad.delete(key)).rejects.toThrow(/S3 DELETE .* failed: 403 InvalidAccessKeyId/);
    expect(await s3.store(tmp).exists(key)).toBe(false);
  });

  it('names an unknown bucket in its error', async () => {
    const store = s3.store(tmp, { bucket: 'no-such-bucket' });
    await expect(store.open('sha256/ab/x.onnx')).rejects.toThrow(/S3 GET .* failed: 404 NoSuchBucket/);
  });
});
