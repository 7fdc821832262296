import { and, eq, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens } from '../schema';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Revokes the live tokens whose id or visible prefix is `idOrPrefix`; returns how many. A prefix
 * that matches several tokens revokes none (returns -1 with them untouched) so a typo cannot
 * revoke more than meant.
 */
export async function revokeApiToken(db: Db, idOrPrefix: string): Promise<{ revoked: number; ambiguous: boolean }> {
  const match = UUID.test(idOrPrefix)
    ? or(eq(apiTokens.id, idOrPrefix), eq(apiTokens.prefix, idOrPrefix))
    : eq(apiTokens.prefix, idOrPrefix);
  return db.transaction(async (tx) => {
    const live = await tx
      .select({ id: apiTokens.id })
      .from(apiTokens)
      .where(and(match, isNull(apiTokens.revokedAt)))
      .for('update');
    if (live.length > 1) return { revoked: 0, ambiguous: true };
    if (live.length === 0) return { revoked: 0, ambiguous: false };
    await tx.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, live[0]!.id));
    return { revoked: 1, ambiguous: false };
  });
}
