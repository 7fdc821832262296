import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, intVar } from '../config';

/** Artifact store and upload settings, from environment variables, validated once at start. */
export interface ArtifactConfig {
  /** Largest model file accepted, in bytes (ARTIFACT_MAX_BYTES, default 1 GiB). */
  maxBytes: number;
  /** Wall-clock limit of the validation child process (ARTIFACT_VALIDATE_TIMEOUT_MS). */
  validateTimeoutMs: number;
  /** Address-space limit of the validation child process, in MiB (ARTIFACT_VALIDATE_MEMORY_MB). */
  validateMemoryMb: number;
  /** Uploads one token may have in progress (receiving or validating) in one API process (ARTIFACT_UPLOADS_PER_TOKEN, default 2). */
  uploadsPerToken: number;
  /** Bytes of stored artifacts one submitter token may have uploaded (ARTIFACT_QUOTA_BYTES, default 20 GiB; admins are exempt). */
  quotaBytes: number;
  /** Free space kept on the upload disk: an upload that would leave less is refused with 507 (ARTIFACT_MIN_FREE_BYTES, default 1 GiB). */
  minFreeBytes: number;
  /** Artifacts no submission uses are deleted this long after their last upload (ARTIFACT_GC_AFTER_HOURS, default 168 = 7 days). */
  gcAfterMs: number;
  /** How often each API process looks for such artifacts (ARTIFACT_GC_INTERVAL_MS, default 3600000 = 1 hour). */
  gcIntervalMs: number;
  store:
    | { kind: 'fs'; dir: string }
    | {
        kind: 's3';
        endpoint: string;
        bucket: string;
        region: string;
        accessKeyId: string;
        secretAccessKey: string;
        prefix: string;
        tmpDir: string;
      };
}

const GiB = 1024 ** 3;
/** The same default data directory as the embedded database (packages/db/src/paths.ts). */
const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../../../.data', import.meta.url));

export function loadArtifactConfig(env: NodeJS.ProcessEnv = process.env): ArtifactConfig {
  const problems: string[] = [];
  const maxBytes = intVar(env, 'ARTIFACT_MAX_BYTES', GiB, 1, 2 * GiB - 1, problems);
  const validateTimeoutMs = intVar(env, 'ARTIFACT_VALIDATE_TIMEOUT_MS', 120_000, 100, 3_600_000, problems);
  const validateMemoryMb = intVar(env, 'ARTIFACT_VALIDATE_MEMORY_MB', 6144, 512, 1024 * 1024, problems);
  const uploadsPerToken = intVar(env, 'ARTIFACT_UPLOADS_PER_TOKEN', 2, 1, 1000, problems);
  const quotaBytes = intVar(env, 'ARTIFACT_QUOTA_BYTES', 20 * GiB, 1, Number.MAX_SAFE_INTEGER, problems);
  const minFreeBytes = intVar(env, 'ARTIFACT_MIN_FREE_BYTES', GiB, 0, Number.MAX_SAFE_INTEGER, problems);
  const gcAfterMs = intVar(env, 'ARTIFACT_GC_AFTER_HOURS', 168, 0, 24 * 3650, problems) * 3_600_000;
  const gcIntervalMs = intVar(env, 'ARTIFACT_GC_INTERVAL_MS', 3_600_000, 100, 7 * 24 * 3_600_000, problems);
  const base = join(env.TB_DATA_DIR || DEFAULT_DATA_DIR, 'artifacts');
  const kind = env.ARTIFACT_STORE || 'fs';
  let store: ArtifactConfig['store'] = { kind: 'fs', dir: base };
  if (kind === 's3') {
    const need = ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
    for (const name of need) if (!env[name]) problems.push(`${name} must be set when ARTIFACT_STORE=s3`);
    if (env.S3_ENDPOINT && !/^https?:\/\/[^/]+/.test(env.S3_ENDPOINT))
      problems.push(`S3_ENDPOINT="${env.S3_ENDPOINT}" must be an http(s):// URL`);
    store = {
      kind: 's3',
      endpoint: (env.S3_ENDPOINT ?? '').replace(/\/+$/, ''),
      bucket: env.S3_BUCKET ?? '',
      region: env.S3_REGION || 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
      prefix: env.S3_PREFIX ?? '',
      tmpDir: join(base, 'tmp'),
    };
  } else if (kind !== 'fs') {
    problems.push(`ARTIFACT_STORE="${kind}" must be fs (files under TB_DATA_DIR/artifacts) or s3`);
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    maxBytes,
    validateTimeoutMs,
    validateMemoryMb,
    uploadsPerToken,
    quotaBytes,
    minFreeBytes,
    gcAfterMs,
    gcIntervalMs,
    store,
  };
}
