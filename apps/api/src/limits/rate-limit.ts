import type { IncomingMessage } from 'node:http';
import type { BlockList } from 'node:net';
import type { Db } from '@transferboard/db/client';
import { authenticateApiToken } from '@transferboard/db/queries/authenticate-api-token';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { hashToken, parseBearer } from '../auth/tokens';
import { clientAddress } from './client-address';

export interface RateLimitOptions {
  /** Requests per minute of one client without a valid token (one address, or one IPv6 /64); 0: no limit. */
  anonymousPerMinute: number;
  /** Requests per minute of one valid API token; 0: no limit. */
  tokenPerMinute: number;
  /** Peers whose X-Forwarded-For is believed (parseTrustedProxies). */
  trustedProxies: BlockList;
}

export const DEFAULT_RATE_LIMITS = { anonymousPerMinute: 300, tokenPerMinute: 1200 } as const;

export type RateDecision =
  | { ok: true; headers: Record<string, string> }
  | {
      ok: false;
      headers: Record<string, string>;
      retryAfterSeconds: number;
      limit: number;
      client: 'token' | 'address';
    };

/** How long a token's verdict (live or not, and its id) is reused for keying, not for authorising anything. */
const VERDICT_TTL_MS = 30_000;
const MAX_VERDICTS = 10_000;

/**
 * Per-client request rate limits, in this process's memory (rate-limiter-flexible's
 * RateLimiterMemory, fixed one-minute windows): each replica counts on its own, so N replicas
 * admit up to N times the limit. A client is its API token when the token is live, otherwise its
 * address, so forged tokens do not buy a fresh allowance. Health checks are never limited, and
 * neither are a trusted proxy's own requests.
 */
export function createRateLimiter(db: Db, opts: RateLimitOptions) {
  const anonymous = new RateLimiterMemory({
    keyPrefix: 'address',
    points: Math.max(1, opts.anonymousPerMinute),
    duration: 60,
  });
  const tokens = new RateLimiterMemory({ keyPrefix: 'token', points: Math.max(1, opts.tokenPerMinute), duration: 60 });
  const verdicts = new Map<string, { id: string | null; until: number }>();

  async function tokenId(authorization: string | undefined): Promise<string | null> {
    const bearer = parseBearer(authorization);
    if (bearer.kind !== 'token') return null;
    const hash = hashToken(bearer.token);
    const now = Date.now();
    const known = verdicts.get(hash);
    if (known && known.until > now) return known.id;
    // The database being away makes the request fail anyway; key it by its address meanwhile.
    const token = await authenticateApiToken(db, hash).catch(() => null);
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(hash, { id: token?.id ?? null, until: now + VERDICT_TTL_MS });
    return token?.id ?? null;
  }

  return async function check(req: IncomingMessage): Promise<RateDecision> {
    const id = await tokenId(req.headers.authorization);
    const address = id ? null : clientAddress(req, opts.trustedProxies);
    if (!id && address === null) return { ok: true, headers: {} };
    const [limiter, key, limit] = id
      ? [tokens, id, opts.tokenPerMinute]
      : [anonymous, address!, opts.anonymousPerMinute];
    if (limit === 0) return { ok: true, headers: {} }; // 0: this kind of client is not limited
    try {
      const res = await limiter.consume(key);
      return { ok: true, headers: headersOf(limit, res) };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfterSeconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return {
        ok: false,
        headers: { ...headersOf(limit, rejection), 'retry-after': String(retryAfterSeconds) },
        retryAfterSeconds,
        limit,
        client: id ? 'token' : 'address',
      };
    }
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** The IETF draft's RateLimit-* fields, so well-behaved clients can pace themselves. */
function headersOf(limit: number, res: RateLimiterRes): Record<string, string> {
  return {
    'ratelimit-limit': String(limit),
    'ratelimit-remaining': String(Math.max(0, res.remainingPoints)),
    'ratelimit-reset': String(Math.ceil(res.msBeforeNext / 1000)),
  };
}
