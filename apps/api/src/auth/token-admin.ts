import type { Db } from '@transferboard/db/client';
import { createApiToken } from '@transferboard/db/queries/create-api-token';
import { listApiTokens } from '@transferboard/db/queries/list-api-tokens';
import { revokeApiToken } from '@transferboard/db/queries/revoke-api-token';
import { generateToken } from './tokens';

/** Token administration shared by the control socket and the `npm run tokens` CLI. */

const ROLES = ['submitter', 'runner', 'admin'] as const;
export type TokenRole = (typeof ROLES)[number];

export class TokenAdminError extends Error {}

export interface CreatedToken {
  id: string;
  name: string;
  role: TokenRole;
  prefix: string;
  /** The secret: shown once, never stored. */
  token: string;
}

export function validateTokenRequest(input: { role?: unknown; name?: unknown }): { role: TokenRole; name: string } {
  const { role, name } = input;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
    throw new TokenAdminError(
      `--role must be one of ${ROLES.join(', ')} (got ${role === undefined ? 'nothing' : JSON.stringify(role)}).`,
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is this check's purpose
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100 || /[\u0000-\u001f]/.test(name)) {
    throw new TokenAdminError('--name must be 1 to 100 printable characters, e.g. --name "gpu-runner-1".');
  }
  return { role: role as TokenRole, name: name.trim() };
}

export async function createToken(db: Db, input: { role?: unknown; name?: unknown }): Promise<CreatedToken> {
  const { role, name } = validateTokenRequest(input);
  const secret = generateToken();
  const row = await createApiToken(db, { name, role, tokenHash: secret.hash, prefix: secret.prefix });
  return { id: row.id, name: row.name, role: row.role, prefix: row.prefix, token: secret.token };
}

export async function listTokens(db: Db) {
  return (await listApiTokens(db)).map((t) => ({
    ...t,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}

export async function revokeToken(db: Db, idOrPrefix: unknown): Promise<{ revoked: number }> {
  if (typeof idOrPrefix !== 'string' || idOrPrefix.length < 4 || idOrPrefix.length > 100) {
    throw new TokenAdminError('Name the token to revoke by its id or its prefix (as `tokens list` shows them).');
  }
  const result = await revokeApiToken(db, idOrPrefix);
  if (result.ambiguous)
    throw new TokenAdminError(`Several live tokens have the prefix "${idOrPrefix}": revoke by id instead.`);
  if (result.revoked === 0) throw new TokenAdminError(`No live token has the id or prefix "${idOrPrefix}".`);
  return { revoked: result.revoked };
}
