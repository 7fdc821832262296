import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload refused before validation; `status` is the HTTP status to answer with. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

export interface ReceivedFile {
  path: string;
  sha256: string;
  size: number;
}

export interface ReceiveOptions {
  tmpDir: string;
  /** The most bytes accepted: the size limit, or less when the token's quota or the free space is smaller. */
  maxBytes: number;
  /** The error for a body over `maxBytes` (declared = its Content-Length, null when it grew past). Default: 413 over ARTIFACT_MAX_BYTES. */
  overLimit?: (declared: number | null) => UploadError;
}

/**
 * Streams a raw request body into a temporary file, hashing it on the way, and stops at
 * `maxBytes` (a declared Content-Length over the limit is refused before a byte is read), so an
 * upload costs constant memory however large it is. A disk that fills up meanwhile is a 507.
 */
export async function receiveUpload(req: IncomingMessage, opts: ReceiveOptions): Promise<ReceivedFile> {
  const overLimit = opts.overLimit ?? ((declared: number | null) => tooLarge(opts.maxBytes, declared));
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > opts.maxBytes) throw overLimit(declared);
  await mkdir(opts.tmpDir, { recursive: true });
  const path = join(opts.tmpDir, `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > opts.maxBytes) return done(overLimit(null));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, createWriteStream(path));
  } catch (err) {
    await rm(path, { force: true });
    if (err instanceof UploadError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC' || (err as NodeJS.ErrnoException).code === 'EDQUOT')
      throw diskFull();
    throw new UploadError(
      400,
      'BAD_USER_INPUT',
      'The upload was interrupted before the whole file arrived; send it again.',
    );
  }
  if (size === 0) {
    await rm(path, { force: true });
    throw new UploadError(
      400,
      'BAD_USER_INPUT',
      'The request body is empty: send the .onnx file itself as the raw body (curl --data-binary @model.onnx).',
    );
  }
  return { path, sha256: hash.digest('hex'), size };
}

function diskFull(): UploadError {
  return new UploadError(
    507,
    'INSUFFICIENT_STORAGE',
    'The server ran out of disk space while receiving the upload; nothing was stored. Try again later (the operators have been told in the log).',
  );
}

export function tooLarge(limit: number, declared: number | null): UploadError {
  const what = declared === null ? 'The upload' : `The upload (${declared} bytes)`;
  return new UploadError(
    413,
    'PAYLOAD_TOO_LARGE',
    `${what} is larger than the ${limit}-byte limit of this server (ARTIFACT_MAX_BYTES); submit a single-file fp32 backbone under it.`,
  );
}
