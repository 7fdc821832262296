import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';
import type { ArtifactStore } from './store';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
  tmpDir: string;
}

/** Attempts of a PUT: its body is a file stream, so each attempt opens the file again. */
const PUT_ATTEMPTS = 3;

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph, R2) with path-style URLs, signed (AWS Signature
 * V4) by aws4fetch. Whole objects only: PUT (streamed from the upload's temporary file, with its
 * Content-Length, which S3 requires), GET (streamed to the runner), HEAD and DELETE (garbage
 * collection). Reads and deletes retry 5xx and 429 answers with backoff (aws4fetch's own loop).
 * Tested against a real S3-compatible server (s3rver) in s3-store.test.ts; s3rver checks the
 * access key but not the Signature V4 itself, so signing is aws4fetch's (and AWS's test vectors').
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  readonly tmpDir: string;
  private readonly client: AwsClient;
  private readonly once: AwsClient;

  constructor(private readonly opts: S3Options) {
    this.location = `${opts.endpoint}/${opts.bucket}/${opts.prefix}`;
    this.tmpDir = opts.tmpDir;
    const credentials = {
      accessKeyId: opts.accessKeyId,
      secretAccessKey: opts.secretAccessKey,
      region: opts.region,
      service: 's3',
    };
    this.client = new AwsClient({ ...credentials, retries: 3, initRetryMs: 200 });
    this.once = new AwsClient({ ...credentials, retries: 0 });
  }

  private url(key: string): string {
    return `${this.opts.endpoint}/${this.opts.bucket}/${encodeKey(this.opts.prefix + key)}`;
  }

  async put(key: string, tmpPath: string, size: number): Promise<void> {
    try {
      if (await this.exists(key)) return;
      for (let attempt = 1; ; attempt++) {
        const body = Readable.toWeb(createReadStream(tmpPath)) as ReadableStream;
        const res = await this.once
          .fetch(this.url(key), {
            method: 'PUT',
            body,
            headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' },
          })
          .catch((err: unknown) => err as Error);
        if (res instanceof Response && res.ok) return;
        const retryable = !(res instanceof Response) || res.status >= 500 || res.status === 429;
        if (!retryable || attempt >= PUT_ATTEMPTS) throw await s3Error('PUT', key, res);
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
    } finally {
      await rm(tmpPath, { force: true });
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    const res = await this.client.fetch(this.url(key), { method: 'GET' });
    if (res.status === 404) {
      // An absent key is null; an absent bucket is a configuration error, not a missing file.
      const error = await s3Error('GET', key, res);
      if (/NoSuchBucket/.test(error.message)) throw error;
      return null;
    }
    if (!res.ok || !res.body) throw await s3Error('GET', key, res);
    return { stream: Readable.fromWeb(res.body as never), size: Number(res.headers.get('content-length') ?? 0) };
  }

  async exists(key: string): Promise<boolean> {
    const res = await this.client.fetch(this.url(key), { method: 'HEAD' });
    if (res.status === 404) return false;
    if (!res.ok) throw await s3Error('HEAD', key, res);
    return true;
  }

  async delete(key: string): Promise<void> {
    const res = await this.client.fetch(this.url(key), { method: 'DELETE' });
    // S3 answers 204 for a deleted key and for an absent one alike.
    if (!res.ok && res.status !== 404) throw await s3Error('DELETE', key, res);
    await res.body?.cancel();
  }
}

async function s3Error(method: string, key: string, res: Response | Error): Promise<Error> {
  if (!(res instanceof Response)) return new Error(`S3 ${method} ${key} failed: ${res.message}`);
  const text = method === 'HEAD' ? '' : await res.text().catch(() => '');
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  return new Error(`S3 ${method} ${key} failed: ${res.status}${code ? ` ${code}` : ''}`);
}

function encodeKey(key: string): string {
  return key
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}
