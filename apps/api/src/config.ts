/**
 * Configuration from environment variables, validated once at start. Every bad value gets a
 * message that names the variable, what it holds and what is expected.
 */
export interface ApiConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  /** Largest GraphQL request body accepted, in bytes. */
  maxBodyBytes: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Development shows unexpected errors' messages; production masks them. */
  development: boolean;
  /** Answer introspection queries (API_INTROSPECTION, default true). */
  introspection: boolean;
  /** Lease of a claimed job in seconds (JOB_LEASE_SECONDS, default 300). */
  leaseSeconds: number;
  /** A job whose progress has not advanced for this long is stalled (JOB_STALL_SECONDS, default 900; 0: never). */
  stallSeconds: number | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * 15 minutes: far longer than any stretch without a finished batch of images, a finished
 * onnxruntime step or a finished task (the runner's progress mark counts all three), yet it ends a
 * hung job long before its tasks' time limits would (hours for the larger datasets on a CPU).
 */
export const DEFAULT_STALL_SECONDS = 900;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A whole-number variable in [min, max]; a bad value adds a problem and yields the fallback. */
export function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return n;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const problems: string[] = [];
  const port = intVar(env, 'API_PORT', 4000, 0, 65535, problems);
  const maxBodyBytes = intVar(env, 'API_MAX_BODY_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024, problems);
  const logLevel = (env.LOG_LEVEL ?? 'info') as ApiConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL="${env.LOG_LEVEL}" must be one of ${LOG_LEVELS.join(', ')}`);
  const leaseSeconds = intVar(env, 'JOB_LEASE_SECONDS', 300, 10, 24 * 3600, problems);
  const stallSeconds = intVar(env, 'JOB_STALL_SECONDS', DEFAULT_STALL_SECONDS, 0, 7 * 24 * 3600, problems);
  const introspectionRaw = env.API_INTROSPECTION ?? 'true';
  if (!['true', 'false'].includes(introspectionRaw)) problems.push(`API_INTROSPECTION="${introspectionRaw}" must be true or false`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL; leave it unset to use the embedded database');
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    port,
    host: env.API_HOST ?? '0.0.0.0',
    databaseUrl,
    maxBodyBytes,
    logLevel,
    development: env.NODE_ENV === 'development',
    introspection: introspectionRaw !== 'false',
    leaseSeconds,
    stallSeconds: stallSeconds === 0 ? null : stallSeconds,
  };
}
