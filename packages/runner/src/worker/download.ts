import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, type ApiClient } from './api-client';

/** The downloaded bytes do not match the sha256 the job names: never evaluate them. */
export class ArtifactIntegrityError extends Error {
  override name = 'ArtifactIntegrityError';
}

/**
 * Fetches a job's model into `dir/models/<sha256>.onnx` (kept across jobs: the same model is
 * downloaded once), verifying the sha256 against both the job and the server's header.
 */
export async function downloadArtifact(api: ApiClient, artifact: { id: string; sha256: string }, dir: string): Promise<string> {
  const models = join(dir, 'models');
  await mkdir(models, { recursive: true });
  const target = join(models, `${artifact.sha256}.onnx`);
  if ((await fileSha256(target)) === artifact.sha256) return target;
  const res = await api.fetchRetrying(`${api.base}/artifacts/${encodeURIComponent(artifact.id)}`, { headers: api.authHeader });
  if (!res.ok || !res.body) {
    const text = await res.text().catch(() => '');
    throw new ApiError(`downloading artifact ${artifact.id} failed: HTTP ${res.status} ${text.slice(0, 300)}`, res.status === 404 ? 'NOT_FOUND' : 'DOWNLOAD_FAILED');
  }
  const header = res.headers.get('x-artifact-sha256');
  if (header && header !== artifact.sha256) throw new ArtifactIntegrityError(`artifact ${artifact.id}: the server says sha256 ${header}, the job says ${artifact.sha256}`);
  const part = `${target}.${process.pid}.part`;
  const hash = createHash('sha256');
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as never), tap, createWriteStream(part));
    const got = hash.digest('hex');
    if (got !== artifact.sha256) throw new ArtifactIntegrityError(`artifact ${artifact.id}: downloaded bytes hash to ${got}, expected ${artifact.sha256} (corrupted in transit or in the store)`);
    await rename(part, target);
  } finally {
    await rm(part, { force: true });
  }
  return target;
}

async function fileSha256(path: string): Promise<string | null> {
  try {
    await stat(path);
  } catch {
    return null;
  }
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
