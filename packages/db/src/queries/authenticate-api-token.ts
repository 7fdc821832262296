import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens } from '../schema';

export interface AuthenticatedToken {
  id: string;
  name: string;
  role: 'submitter' | 'runner' | 'admin';
}

/** The live (unrevoked) token with this hash, marking it used: one statement, null when none. */
export async function authenticateApiToken(db: Db, tokenHash: string): Promise<AuthenticatedToken | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role });
  return row ?? null;
}
