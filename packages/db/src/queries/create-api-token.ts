import type { Db } from '../client';
import { apiTokens } from '../schema';

export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type TokenRole = ApiTokenRow['role'];

/** Stores a token by its hash; the caller made the secret and shows it once. */
export async function createApiToken(
  db: Db,
  token: { name: string; role: TokenRole; tokenHash: string; prefix: string },
): Promise<ApiTokenRow> {
  const [row] = await db.insert(apiTokens).values(token).returning();
  return row!;
}
