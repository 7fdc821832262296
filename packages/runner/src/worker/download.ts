import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, sleep, type ApiClient } from './api-client';

/** The downloaded bytes do not match the sha256 the job names: never evaluate them. */
export class ArtifactIntegrityError extends Error {
  override name = 'ArtifactIntegrityError';
}

/** No byte arrived for the idle limit: the connection is dead or stuck; the download resumes. */
class IdleTimeout extends Error {
  override name = 'IdleTimeout';
}

export interface DownloadOptions {
  /** Give up on a connection after this long without a byte (default 60 s); there is no limit on the total time. */
  idleTimeoutMs?: number;
  /** Stops the download (the job was lost, the runner is stopping), rejecting with its reason. */
  signal?: AbortSignal;
  /** The size of every chunk received (progress for the heartbeat: it only adds up). */
  onChunk?: (bytes: number) => void;
  log?: (message: string) => void;
}

const DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS = 60_000;

const LOCAL_FS_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EMFILE']);

/**
 * Fetches a job's model into `dir/models/<sha256>.onnx` (kept across jobs: the same model is
 * downloaded once), verifying the sha256 against both the job and the server's header.
 *
 * Large models on slow links: a connection is given up only when no byte arrives for the idle
 * limit, never for its total time, and the download then resumes where it stopped (an HTTP range
 * request, `If-Range` on the artifact's etag) or, where the server does not resume, restarts. It
 * keeps trying while the signal allows (the runner holds the job). Bytes go to a `.part` file named
 * by the runner's pid; a part left by a runner that died is adopted and resumed.
 */
export async function downloadArtifact(
  api: ApiClient,
  artifact: { id: string; sha256: string },
  dir: string,
  opts: DownloadOptions = {},
): Promise<string> {
  const models = join(dir, 'models');
  await mkdir(models, { recursive: true });
  const target = join(models, `${artifact.sha256}.onnx`);
  if ((await fileSha256(target)) === artifact.sha256) return target;
  const part = `${target}.${process.pid}.part`;
  await adoptStalePart(models, `${artifact.sha256}.onnx`, part);
  const idleMs = opts.idleTimeoutMs ?? DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS;
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    opts.signal?.throwIfAborted();
    try {
      const hash = await fetchInto(api, artifact, part, idleMs, opts);
      const got = hash.digest('hex');
      if (got !== artifact.sha256) {
        await rm(part, { force: true });
        throw new ArtifactIntegrityError(
          `artifact ${artifact.id}: downloaded bytes hash to ${got}, expected ${artifact.sha256} (corrupted in transit or in the store)`,
        );
      }
      await rename(part, target);
      return target;
    } catch (err) {
      opts.signal?.throwIfAborted();
      if (err instanceof ArtifactIntegrityError || (err instanceof ApiError && err.code !== 'DOWNLOAD_FAILED'))
        throw err;
      // The local disk (full, read-only, no permission) is not fixed by trying again.
      if (LOCAL_FS_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
      const had = await sizeOf(part);
      const why = err instanceof IdleTimeout ? err.message : `${(err as Error).message}`;
      opts.log?.(
        `download of ${artifact.sha256.slice(0, 12)} interrupted (${why}); resuming at byte ${had} (try ${attempt + 1})`,
      );
      await sleep(delay, opts.signal);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

/** One request: appends to `part` from its current size (when the server resumes), and returns the hash of the whole file. */
async function fetchInto(
  api: ApiClient,
  artifact: { id: string; sha256: string },
  part: string,
  idleMs: number,
  opts: DownloadOptions,
): Promise<Hash> {
  const offset = await sizeOf(part);
  const idle = new AbortController();
  let timer = setTimeout(() => idle.abort(new IdleTimeout(`no byte for ${idleMs / 1000} s`)), idleMs);
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => idle.abort(new IdleTimeout(`no byte for ${idleMs / 1000} s`)), idleMs);
  };
  const signal = opts.signal ? AbortSignal.any([opts.signal, idle.signal]) : idle.signal;
  try {
    const headers: Record<string, string> = {
      ...api.authHeader,
      ...(offset > 0 ? { range: `bytes=${offset}-`, 'if-range': `"${artifact.sha256}"` } : {}),
    };
    // The request (connect, headers) retries API outages while the signal allows; the body is watched for idleness only.
    const res = await api
      .fetchRetrying(
        `${api.base}/artifacts/${encodeURIComponent(artifact.id)}`,
        { headers },
        {
          retryForMs: Number.POSITIVE_INFINITY,
          signal,
          requestTimeoutMs: null,
        },
      )
      .catch((err: unknown) => {
        throw idle.signal.aborted && !opts.signal?.aborted ? idle.signal.reason : err;
      });
    if (res.status === 416) {
      // The part is not a prefix the server knows (or is complete but unverified): start over.
      await res.body?.cancel();
      await rm(part, { force: true });
      throw new Error('the server cannot resume from the partial file (416); starting over');
    }
    if (!res.ok || !res.body) {
      const text = await res.text().catch(() => '');
      throw new ApiError(
        `downloading artifact ${artifact.id} failed: HTTP ${res.status} ${text.slice(0, 300)}`,
        res.status === 404 ? 'NOT_FOUND' : res.status >= 500 ? 'DOWNLOAD_FAILED' : 'DOWNLOAD_REFUSED',
      );
    }
    const header = res.headers.get('x-artifact-sha256');
    if (header && header !== artifact.sha256)
      throw new ArtifactIntegrityError(
        `artifact ${artifact.id}: the server says sha256 ${header}, the job says ${artifact.sha256}`,
      );
    const resumed = res.status === 206 && res.headers.get('content-range')?.startsWith(`bytes ${offset}-`) === true;
    const hash = createHash('sha256');
    if (resumed) for await (const chunk of createReadStream(part)) hash.update(chunk as Buffer);
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        touch();
        hash.update(chunk);
        opts.onChunk?.(chunk.length);
        done(null, chunk);
      },
    });
    await pipeline(
      Readable.fromWeb(res.body as never, { signal }),
      tap,
      createWriteStream(part, { flags: resumed ? 'a' : 'w' }),
    ).catch((err: unknown) => {
      throw idle.signal.aborted && !opts.signal?.aborted ? idle.signal.reason : err;
    });
    return hash;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A `.part` of the same model left by a runner process that no longer exists (killed mid-download)
 * becomes this process's part, so the download resumes instead of starting over. Parts of live
 * processes (another runner on the same work folder) are left alone.
 */
async function adoptStalePart(models: string, name: string, part: string): Promise<void> {
  const parts = (await readdir(models)).filter((f) => f.startsWith(`${name}.`) && f.endsWith('.part'));
  let best: { file: string; size: number } | null = null;
  for (const file of parts) {
    const pid = Number(file.slice(name.length + 1, -'.part'.length));
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    const size = await sizeOf(join(models, file));
    if (!best || size > best.size) best = { file, size };
  }
  if (!best) return;
  try {
    await rename(join(models, best.file), part);
  } catch {
    // Another process adopted it first.
  }
  for (const file of parts) {
    const pid = Number(file.slice(name.length + 1, -'.part'.length));
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) await rm(join(models, file), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
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
