import { createHash, createHmac } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
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

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph, R2) over plain HTTP with AWS Signature V4,
 * path-style URLs. Only PUT, HEAD and GET of whole objects are needed, so no SDK is pulled in.
 * Not exercised by the test suite (no object store runs there): the filesystem store is.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  readonly tmpDir: string;

  constructor(private readonly opts: S3Options) {
    this.location = `${opts.endpoint}/${opts.bucket}/${opts.prefix}`;
    this.tmpDir = opts.tmpDir;
  }

  async put(key: string, tmpPath: string, size: number): Promise<void> {
    try {
      const head = await this.request('HEAD', key);
      if (head.ok) return;
      const body = Readable.toWeb(createReadStream(tmpPath)) as unknown;
      const res = await this.request('PUT', key, { body, size });
      if (!res.ok) throw new Error(`S3 PUT ${key} failed: ${res.status} ${await res.text()}`);
    } finally {
      await rm(tmpPath, { force: true });
    }
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    const res = await this.request('GET', key);
    if (res.status === 404) return null;
    if (!res.ok || !res.body) throw new Error(`S3 GET ${key} failed: ${res.status}`);
    return { stream: Readable.fromWeb(res.body as never), size: Number(res.headers.get('content-length') ?? 0) };
  }

  private request(method: string, key: string, upload?: { body: unknown; size: number }): Promise<Response> {
    const url = new URL(`${this.opts.endpoint}/${this.opts.bucket}/${encodeKey(this.opts.prefix + key)}`);
    const now = new Date();
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'x-amz-date': amzDate };
    if (upload) headers['content-length'] = String(upload.size);
    const signed = Object.keys(headers).sort();
    const canonical = [method, url.pathname, '', ...signed.map((h) => `${h}:${headers[h]}`), '', signed.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
    const scope = `${day}/${this.opts.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonical)].join('\n');
    let k: Buffer = hmac(`AWS4${this.opts.secretAccessKey}`, day);
    for (const part of [this.opts.region, 's3', 'aws4_request']) k = hmac(k, part);
    const signature = createHmac('sha256', k).update(toSign).digest('hex');
    const { host: _host, ...sent } = headers;
    sent.authorization = `AWS4-HMAC-SHA256 Credential=${this.opts.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`;
    return fetch(url, { method, headers: sent, ...(upload ? { body: upload.body, duplex: 'half' } : {}) } as RequestInit);
  }
}

function encodeKey(key: string): string {
  return key.split('/').map((s) => encodeURIComponent(s)).join('/');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
