import { sql } from 'drizzle-orm';
import type { Db } from '../client';

export interface AuthenticatedToken {
  id: string;
  name: string;
  role: 'submitter' | 'runner' | 'admin';
}

/**
 * The live (unrevoked) token with this hash, marking it used: one statement, null when none.
 * `last_used_at` is written at most once a minute per token: runners authenticate on every
 * heartbeat and report, and a write (a WAL flush) per request would be most of their cost.
 */
export async function authenticateApiToken(db: Db, tokenHash: string): Promise<AuthenticatedToken | null> {
  const result = await db.execute(sql`with live as (
      select id, name, role, last_used_at from api_tokens where token_hash = ${tokenHash} and revoked_at is null
    ), touched as (
      update api_tokens set last_used_at = now()
      where id in (select id from live where last_used_at is null or last_used_at < now() - interval '60 seconds')
    )
    select id, name, role from live`);
  const [row] = (result as unknown as { rows: AuthenticatedToken[] }).rows;
  return row ? { id: row.id, name: row.name, role: row.role } : null;
}
