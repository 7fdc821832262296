import type { IncomingMessage } from 'node:http';
import type { Db } from '@transferboard/db/client';
import { sumUploadedBytes } from '@transferboard/db/queries/sum-uploaded-bytes';
import type { ArtifactConfig } from './config';
import { formatBytes, type FreeSpaceProbe } from './free-space';
import { tooLarge, UploadError, type ReceiveOptions } from './receive';

export type AdmissionConfig = Pick<ArtifactConfig, 'maxBytes' | 'quotaBytes' | 'minFreeBytes'>;

/**
 * Decides, from the headers alone, whether an upload may start and how many bytes it may send:
 * the size limit, the token's remaining byte quota (admins have none) and the free space above
 * the reserve, whichever is smallest. A declared Content-Length over one of them is refused
 * before a byte is read, with the reason (413 size, 413 quota, 507 disk); a body without one is
 * cut off at the same bound while it streams.
 */
export async function admitUpload(
  db: Db,
  config: AdmissionConfig,
  freeBytes: FreeSpaceProbe,
  tmpDir: string,
  token: { id: string; role: string },
  req: IncomingMessage,
): Promise<Pick<ReceiveOptions, 'maxBytes' | 'overLimit'>> {
  const declared = req.headers['content-length'] === undefined ? 0 : Number(req.headers['content-length']) || 0;
  const room = (await freeBytes(tmpDir)) - config.minFreeBytes;
  const quotaLeft = token.role === 'admin' ? Infinity : config.quotaBytes - (await sumUploadedBytes(db, token.id));
  const bounds: { bytes: number; error: (declared: number | null) => UploadError }[] = [
    { bytes: config.maxBytes, error: (d) => tooLarge(config.maxBytes, d) },
    { bytes: quotaLeft, error: (d) => quotaExceeded(config.quotaBytes, config.quotaBytes - quotaLeft, d) },
    { bytes: room, error: () => insufficientStorage(room + config.minFreeBytes, config.minFreeBytes) },
  ];
  if (room <= 0) throw insufficientStorage(room + config.minFreeBytes, config.minFreeBytes);
  if (quotaLeft <= 0) throw quotaExceeded(config.quotaBytes, config.quotaBytes - quotaLeft, null);
  const tightest = bounds.reduce((a, b) => (b.bytes < a.bytes ? b : a));
  if (declared > tightest.bytes) throw tightest.error(declared);
  return { maxBytes: tightest.bytes, overLimit: tightest.error };
}

function quotaExceeded(quota: number, used: number, declared: number | null): UploadError {
  const what = declared === null ? 'This upload' : `This upload (${formatBytes(declared)})`;
  return new UploadError(
    413,
    'QUOTA_EXCEEDED',
    `${what} would take your token past its storage quota: it has uploaded ${formatBytes(used)} of ${formatBytes(quota)} ` +
      '(ARTIFACT_QUOTA_BYTES). Uploads that are never submitted are deleted after a while (docs/submissions.md), which frees quota; ' +
      'or ask an operator for more.',
  );
}

function insufficientStorage(free: number, reserve: number): UploadError {
  return new UploadError(
    507,
    'INSUFFICIENT_STORAGE',
    `The server does not have the disk space for this upload right now (${formatBytes(Math.max(0, free))} free, ` +
      `${formatBytes(reserve)} of which it keeps in reserve); nothing was stored. Try again later.`,
  );
}
