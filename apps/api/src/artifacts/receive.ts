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

/**
 * Streams a raw request body into a temporary file, hashing it on the way, and stops at
 * `maxBytes` (a declared Content-Length over the limit is refused before a byte is read), so an
 * upload costs constant memory however large it is.
 */
export async function receiveUpload(req: IncomingMessage, opts: { tmpDir: string; maxBytes: number }): Promise<ReceivedFile> {
  const declared = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  if (declared !== null && declared > opts.maxBytes) throw tooLarge(opts.maxBytes, declared);
  await mkdir(opts.tmpDir, { recursive: true });
  const path = join(opts.tmpDir, `${randomUUID()}.upload`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > opts.maxBytes) return done(tooLarge(opts.maxBytes, null));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(req, meter, createWriteStream(path));
  } catch (err) {
    await rm(path, { force: true });
    if (err instanceof UploadError) throw err;
    throw new UploadError(400, 'BAD_USER_INPUT', 'The upload was interrupted before the whole file arrived; send it again.');
  }
  if (size === 0) {
    await rm(path, { force: true });
    throw new UploadError(400, 'BAD_USER_INPUT', 'The request body is empty: send the .onnx file itself as the raw body (curl --data-binary @model.onnx).');
  }
  return { path, sha256: hash.digest('hex'), size };
}

function tooLarge(limit: number, declared: number | null): UploadError {
  const what = declared === null ? 'The upload' : `The upload (${declared} bytes)`;
  return new UploadError(413, 'PAYLOAD_TOO_LARGE', `${what} is larger than the ${limit}-byte limit of this server (ARTIFACT_MAX_BYTES); submit a single-file fp32 backbone under it.`);
}
