import { touchApiToken } from '@transferboard/db/queries/touch-api-token';
import type { ApiContext } from '../context';

const TOUCH_EVERY_MS = 60_000;
const lastTouched = new Map<string, number>();

/**
 * After a write whose own SQL accepted the caller's token as a live runner or admin token
 * (`bearerTokenHash`): notes that on the request, and records the token as used, which the
 * skipped lookup would have done, at most once a minute per token and process, off the request's path.
 */
export function tokenAccepted(ctx: ApiContext, tokenHash: string): void {
  ctx.runnerVerified = true;
  const now = Date.now();
  if ((lastTouched.get(tokenHash) ?? -Infinity) > now - TOUCH_EVERY_MS) return;
  if (lastTouched.size >= 10_000) lastTouched.clear();
  lastTouched.set(tokenHash, now);
  touchApiToken(ctx.db, tokenHash).catch((err: unknown) =>
    ctx.log.warn({ err }, 'could not record the API token as used'),
  );
}
