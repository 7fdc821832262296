import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// s3rver ships no types; it is a Koa app with run() and close().
// @ts-expect-error -- untyped CommonJS module
import S3rver from 's3rver';
import { S3ArtifactStore, type S3Options } from '../artifacts/s3-store';

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** A store on the test bucket (s3rver's built-in key pair S3RVER/S3RVER unless overridden). */
  store: (tmpDir: string, overrides?: Partial<S3Options>) => S3ArtifactStore;
  close: () => Promise<void>;
}

/**
 * A real S3-compatible server (s3rver: the S3 REST API over its own files, with Signature V4
 * checked against its key pair) on a free loopback port, with one empty bucket.
 */
export async function startS3Server(): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 'tb-s3rver-'));
  const bucket = 'transferboard-test';
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const address = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    bucket,
    store: (tmpDir, overrides = {}) =>
      new S3ArtifactStore({
        endpoint,
        bucket,
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        prefix: 'models/',
        tmpDir,
        ...overrides,
      }),
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
