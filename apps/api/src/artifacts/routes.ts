import type { IncomingMessage, ServerResponse } from 'node:http';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from '@transferboard/db/client';
import { findArtifact } from '@transferboard/db/queries/find-artifact';
import { findArtifactBySha256 } from '@transferboard/db/queries/find-artifact-by-sha256';
import { recallArtifactRefusal } from '@transferboard/db/queries/recall-artifact-refusal';
import { recordArtifactRefusal } from '@transferboard/db/queries/record-artifact-refusal';
import { storeUploadedArtifact } from '@transferboard/db/queries/store-uploaded-artifact';
import { sumUploadedBytes } from '@transferboard/db/queries/sum-uploaded-bytes';
import { INTAKE_VERSION } from '@transferboard/onnx-intake/version';
import type { Logger } from 'pino';
import { admitUpload } from './admit-upload';
import { bearerAuthenticator, type Authenticate, type Role } from './auth';
import type { ArtifactConfig } from './config';
import { statfsFreeBytes, type FreeSpaceProbe } from './free-space';
import { receiveUpload, UploadError } from './receive';
import { uploadsInFlight } from './uploads-in-flight';
import { storageKeyFor, type ArtifactStore } from './store';
import { anyOf } from '../auth/require-role';
import { validateInChild } from './validate';

export interface ArtifactRouteOptions {
  db: Db;
  store: ArtifactStore;
  config: Pick<
    ArtifactConfig,
    'maxBytes' | 'validateTimeoutMs' | 'validateMemoryMb' | 'uploadsPerToken' | 'quotaBytes' | 'minFreeBytes'
  >;
  log: Logger;
  /** How a request's token is checked (default: Bearer token against api_tokens). */
  authenticate?: Authenticate;
  /** Validations running at once; more wait their turn so uploads cannot exhaust memory together. */
  maxConcurrentValidations?: number;
  /** Free bytes on the upload disk (default: statfs of the store's tmp directory). */
  freeBytes?: FreeSpaceProbe;
  /** How an upload is validated (default: the intake in a limited child process); tests count calls. */
  validate?: typeof validateInChild;
}

export type Route = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<boolean>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `POST /artifacts` (raw ONNX body, submitter or admin token) → 201 {id, sha256, size};
 * `GET /artifacts/:id` (runner or admin token) → the bytes, with their sha256 in
 * `x-artifact-sha256`. Plugged into the API's HTTP handler through its `routes` option.
 */
export function createArtifactRoute(opts: ArtifactRouteOptions): Route {
  const authenticate = opts.authenticate ?? bearerAuthenticator(opts.db);
  const slots = semaphore(opts.maxConcurrentValidations ?? 2);
  const inFlight = uploadsInFlight(opts.config.uploadsPerToken);
  return async (req, res, requestId) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/artifacts' || path === '/artifacts/') {
      if (req.method !== 'POST')
        return reply(res, 405, 'METHOD_NOT_ALLOWED', 'Upload with POST /artifacts (raw body).', requestId, {
          allow: 'POST',
        });
      return upload(opts, authenticate, slots, inFlight, req, res, requestId);
    }
    if (path === '/artifacts/limits') {
      if (req.method !== 'GET')
        return reply(res, 405, 'METHOD_NOT_ALLOWED', 'Read the limits with GET /artifacts/limits.', requestId, {
          allow: 'GET',
        });
      return limits(opts, authenticate, inFlight, req, res, requestId);
    }
    const match = /^\/artifacts\/([^/]+)$/.exec(path);
    if (!match) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return reply(res, 405, 'METHOD_NOT_ALLOWED', 'Download with GET /artifacts/ID.', requestId, {
        allow: 'GET, HEAD',
      });
    const id = decodePathSegment(match[1]!);
    // A broken percent-encoding (`/artifacts/%E0%A4%A`) names no artifact: 404, never a 500.
    if (id === null) {
      const message = 'No such artifact: the id in the path is not valid percent-encoding.';
      return reply(res, 404, 'NOT_FOUND', message, requestId);
    }
    return download(opts, authenticate, id, req, res, requestId);
  };
}

function decodePathSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

async function authorize(
  authenticate: Authenticate,
  req: IncomingMessage,
  res: ServerResponse,
  roles: Role[],
  requestId: string,
): Promise<{ id: string; role: Role } | null> {
  const token = await authenticate(req);
  if (!token) {
    reply(
      res,
      401,
      'UNAUTHENTICATED',
      'Send a valid API token: `Authorization: Bearer TOKEN` (create one with `npm run tokens -- create`).',
      requestId,
      { 'www-authenticate': 'Bearer' },
    );
    return null;
  }
  if (!roles.includes(token.role)) {
    reply(res, 403, 'FORBIDDEN', `A ${token.role} token cannot do this; it needs ${anyOf(roles)} token.`, requestId);
    return null;
  }
  return token;
}

async function upload(
  opts: ArtifactRouteOptions,
  authenticate: Authenticate,
  slots: Semaphore,
  inFlight: ReturnType<typeof uploadsInFlight>,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<true> {
  const log = opts.log.child({ requestId, route: 'POST /artifacts' });
  // Everything below the token check is decided from the headers, before the body is read.
  const token = await authorize(authenticate, req, res, ['submitter', 'admin'], requestId);
  if (!token) return true;
  const release = inFlight.acquire(token.id);
  if (!release) {
    const message = `This token already has ${opts.config.uploadsPerToken} upload(s) in progress (ARTIFACT_UPLOADS_PER_TOKEN): wait for one to finish, then send this one again.`;
    return reply(res, 429, 'TOO_MANY_UPLOADS', message, requestId, { 'retry-after': '5' });
  }
  let file: Awaited<ReturnType<typeof receiveUpload>>;
  try {
    const limits = await admitUpload(
      opts.db,
      opts.config,
      opts.freeBytes ?? statfsFreeBytes,
      opts.store.tmpDir,
      token,
      req,
    );
    file = await receiveUpload(req, { tmpDir: opts.store.tmpDir, ...limits });
  } catch (err) {
    release();
    if (err instanceof UploadError) {
      if (err.status === 507) log.error({ status: err.status }, err.message);
      else log.info({ status: err.status }, err.message);
      return reply(res, err.status, err.code, err.message, requestId);
    }
    throw err;
  }
  try {
    // Bytes seen before are not validated again: the row keeps what validation found.
    const known = await findArtifactBySha256(opts.db, file.sha256);
    let inspection = known?.inspection ?? null;
    if (!inspection) {
      // The same bytes refused before: answered from the record, without another child process.
      const refusedBefore = await recallArtifactRefusal(opts.db, file.sha256, INTAKE_VERSION);
      if (refusedBefore) {
        log.info(
          { sha256: file.sha256, reason: refusedBefore.reason, hits: refusedBefore.hits },
          'upload refused again (cached refusal)',
        );
        return reply(
          res,
          422,
          'INVALID_MODEL',
          refusedBefore.message,
          requestId,
          {},
          { reason: refusedBefore.reason, cached: true },
        );
      }
      const validate = opts.validate ?? validateInChild;
      const validation = await slots(() =>
        validate(file.path, `upload ${file.sha256.slice(0, 12)}`, {
          timeoutMs: opts.config.validateTimeoutMs,
          memoryMb: opts.config.validateMemoryMb,
        }),
      );
      if (!validation.ok) {
        log.info(
          { sha256: file.sha256, size: file.size, reason: validation.reason },
          `upload refused: ${validation.message}`,
        );
        if (validation.definitive) {
          await recordArtifactRefusal(opts.db, {
            sha256: file.sha256,
            reason: validation.reason,
            message: validation.message,
            intakeVersion: INTAKE_VERSION,
          });
        }
        if (validation.status === 503) {
          return reply(
            res,
            503,
            'SERVICE_UNAVAILABLE',
            validation.message,
            requestId,
            { 'retry-after': '5' },
            { reason: validation.reason },
          );
        }
        return reply(
          res,
          validation.status,
          'INVALID_MODEL',
          validation.message,
          requestId,
          {},
          { reason: validation.reason, cached: false },
        );
      }
      inspection = validation.info;
    }
    const storageKey = storageKeyFor(file.sha256);
    // Under the bytes' lock: the blob may have been garbage-collected since `known` was read.
    const { artifact, created: isNew } = await storeUploadedArtifact(
      opts.db,
      { sha256: file.sha256, size: file.size, storageKey, inspection, tokenId: token.id },
      async () => {
        if (!(await opts.store.exists(storageKey))) await opts.store.put(storageKey, file.path, file.size);
      },
    );
    log.info(
      { artifactId: artifact.id, sha256: artifact.sha256, size: file.size, created: isNew },
      isNew ? 'artifact stored' : 'artifact uploaded again: stored once',
    );
    return created(res, artifact.id, artifact.sha256, Number(artifact.size), isNew);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      log.error({ sha256: file.sha256 }, 'the artifact store is full');
      return reply(
        res,
        507,
        'INSUFFICIENT_STORAGE',
        'The server ran out of disk space while storing the upload; nothing was stored. Try again later.',
        requestId,
      );
    }
    throw err;
  } finally {
    release();
    await rm(file.path, { force: true });
  }
}

/**
 * `GET /artifacts/limits` (submitter or admin token): what this token may upload now. Clients
 * (the web's submit form) call it to check a token before they send a body.
 */
async function limits(
  opts: ArtifactRouteOptions,
  authenticate: Authenticate,
  inFlight: ReturnType<typeof uploadsInFlight>,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<true> {
  const token = await authorize(authenticate, req, res, ['submitter', 'admin'], requestId);
  if (!token) return true;
  const usedBytes = await sumUploadedBytes(opts.db, token.id);
  send(res, 200, {
    maxBytes: opts.config.maxBytes,
    quotaBytes: token.role === 'admin' ? null : opts.config.quotaBytes,
    usedBytes,
    uploadsInProgress: inFlight.count(token.id),
    uploadsPerToken: opts.config.uploadsPerToken,
  });
  return true;
}

async function download(
  opts: ArtifactRouteOptions,
  authenticate: Authenticate,
  id: string,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
): Promise<true> {
  const token = await authorize(authenticate, req, res, ['runner', 'admin'], requestId);
  if (!token) return true;
  const artifact = UUID.test(id) ? await findArtifact(opts.db, id) : null;
  if (!artifact) return reply(res, 404, 'NOT_FOUND', `No artifact "${id}".`, requestId);
  const blob = await opts.store.open(artifact.storageKey);
  if (!blob) {
    opts.log.error({ requestId, artifactId: id, storageKey: artifact.storageKey }, 'artifact row without its blob');
    return reply(
      res,
      500,
      'INTERNAL_SERVER_ERROR',
      `The file of artifact "${id}" is missing from the store.`,
      requestId,
    );
  }
  const etag = `"${artifact.sha256}"`;
  const range = resumeFrom(req, etag, blob.size);
  const common = {
    'content-type': 'application/octet-stream',
    'x-artifact-sha256': artifact.sha256,
    etag,
    'accept-ranges': 'bytes',
    'content-disposition': `attachment; filename="${artifact.sha256}.onnx"`,
  };
  if (range === 'unsatisfiable') {
    blob.stream.destroy();
    res.writeHead(416, { ...common, 'content-range': `bytes */${blob.size}`, 'content-length': 0 });
    res.end();
    return true;
  }
  const start = range ?? 0;
  res.writeHead(start > 0 ? 206 : 200, {
    ...common,
    'content-length': blob.size - start,
    ...(start > 0 ? { 'content-range': `bytes ${start}-${blob.size - 1}/${blob.size}` } : {}),
  });
  if (req.method === 'HEAD') {
    blob.stream.destroy();
    res.end();
    return true;
  }
  const body = start > 0 ? blob.stream.pipe(skipBytes(start)) : blob.stream;
  await pipeline(body, res).catch(() => {
    blob.stream.destroy();
    res.destroy();
  });
  return true;
}

/**
 * Where a runner resumes an interrupted download: `Range: bytes=N-` (the one form it sends), honoured
 * only with an `If-Range` naming this artifact's etag, so a resumed file cannot mix two contents.
 * Other range forms get the whole file (a server may ignore Range), a start past the end 416.
 */
function resumeFrom(req: IncomingMessage, etag: string, size: number): number | null | 'unsatisfiable' {
  const header = req.headers.range;
  const match = typeof header === 'string' ? /^bytes=(\d{1,15})-$/.exec(header.trim()) : null;
  if (!match || req.headers['if-range'] !== etag) return null;
  const start = Number(match[1]);
  if (start >= size) return 'unsatisfiable';
  return start;
}

/** Drops the first `n` bytes of a stream (the blob store streams whole files; reading past them locally is cheap). */
function skipBytes(n: number): Transform {
  let left = n;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (left >= chunk.length) {
        left -= chunk.length;
        return done();
      }
      const rest = chunk.subarray(left);
      left = 0;
      done(null, rest);
    },
  });
}

function created(res: ServerResponse, id: string, sha256: string, size: number, isNew: boolean): true {
  // 201 for a repeat upload too: clients follow one contract, `created` tells the two apart.
  send(res, 201, { id, sha256, size, created: isNew });
  return true;
}

function reply(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): true {
  // An early answer (401, 413) leaves an unread body behind: close rather than read gigabytes.
  send(
    res,
    status,
    { error: message, code, ...extra, requestId },
    status >= 400 ? { connection: 'close', ...headers } : headers,
  );
  return true;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

type Semaphore = <T>(work: () => Promise<T>) => Promise<T>;

function semaphore(size: number): Semaphore {
  let free = size;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (free > 0) free--;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
