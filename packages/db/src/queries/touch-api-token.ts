import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * Marks a live token used, at most once a minute (the same rule as `authenticateApiToken`), for
 * requests whose token was checked inside their own write statement.
 */
export async function touchApiToken(db: Db, tokenHash: string): Promise<void> {
  await db.execute(sql`update api_tokens set last_used_at = now()
    where token_hash = ${tokenHash} and revoked_at is null and (last_used_at is null or last_used_at < now() - interval '60 seconds')`);
}
