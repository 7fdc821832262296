import { parseTrustedProxies } from './limits/client-address';
import { DEFAULT_MAX_COST } from './limits/cost-plugin';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './limits/deadline';
import { DEFAULT_RATE_LIMITS } from './limits/rate-limit';
import { DEFAULT_MAX_RESPONSE_BYTES } from './limits/response-size';

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
  /** On SIGTERM, how long requests in flight may run before they are cut off (API_SHUTDOWN_GRACE_MS, default 7000). */
  shutdownGraceMs: number;
  /** Budget of one GraphQL operation in cost units (API_MAX_QUERY_COST). */
  maxQueryCost: number;
  /** Time limit of one GraphQL request (API_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
  /** Largest GraphQL response (API_MAX_RESPONSE_BYTES). */
  maxResponseBytes: number;
  /**
   * Requests per minute per address and per token (API_RATE_LIMIT_PER_MINUTE,
   * API_RATE_LIMIT_TOKEN_PER_MINUTE; 0: none), and the proxies whose X-Forwarded-For is believed.
   */
  rateLimit: { anonymousPerMinute: number; tokenPerMinute: number; trustedProxies: string };
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
export function intVar(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
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
  if (!LOG_LEVELS.includes(logLevel))
    problems.push(`LOG_LEVEL="${env.LOG_LEVEL}" must be one of ${LOG_LEVELS.join(', ')}`);
  const leaseSeconds = intVar(env, 'JOB_LEASE_SECONDS', 300, 10, 24 * 3600, problems);
  const stallSeconds = intVar(env, 'JOB_STALL_SECONDS', DEFAULT_STALL_SECONDS, 0, 7 * 24 * 3600, problems);
  const shutdownGraceMs = intVar(env, 'API_SHUTDOWN_GRACE_MS', 7000, 0, 60_000, problems);
  const maxQueryCost = intVar(env, 'API_MAX_QUERY_COST', DEFAULT_MAX_COST, 1000, 100_000_000, problems);
  const requestTimeoutMs = intVar(env, 'API_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 100, 600_000, problems);
  const maxResponseBytes = intVar(
    env,
    'API_MAX_RESPONSE_BYTES',
    DEFAULT_MAX_RESPONSE_BYTES,
    2 ** 16,
    2 ** 30,
    problems,
  );
  const { anonymousPerMinute: anonymousDefault, tokenPerMinute: tokenDefault } = DEFAULT_RATE_LIMITS;
  const anonymousPerMinute = intVar(env, 'API_RATE_LIMIT_PER_MINUTE', anonymousDefault, 0, 1_000_000, problems);
  const tokenPerMinute = intVar(env, 'API_RATE_LIMIT_TOKEN_PER_MINUTE', tokenDefault, 0, 1_000_000, problems);
  const trustedProxies = env.API_TRUSTED_PROXIES ?? 'loopback';
  try {
    parseTrustedProxies(trustedProxies);
  } catch (error) {
    const what = (error as Error).message;
    const how = 'give a comma-separated list, or leave it empty to trust none';
    problems.push(`API_TRUSTED_PROXIES="${trustedProxies}": ${what}; ${how}`);
  }
  const introspectionRaw = env.API_INTROSPECTION ?? 'true';
  if (!['true', 'false'].includes(introspectionRaw))
    problems.push(`API_INTROSPECTION="${introspectionRaw}" must be true or false`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    problems.push(
      'DATABASE_URL must be a postgres:// or postgresql:// URL; leave it unset to use the embedded database',
    );
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
    shutdownGraceMs,
    maxQueryCost,
    requestTimeoutMs,
    maxResponseBytes,
    rateLimit: { anonymousPerMinute, tokenPerMinute, trustedProxies },
  };
}
