import type { AuthenticatedToken } from '@transferboard/db/queries/authenticate-api-token';
import type { ApiContext } from '../context';
import { apiError, ErrorCode } from '../errors';
import { hashToken } from './tokens';

export type Role = AuthenticatedToken['role'];

const HOW =
  'Send `Authorization: Bearer TOKEN`; create a token with `npm run tokens -- create --role ROLE --name NAME`.';

/**
 * The caller's token, which must have one of `roles` (admin tokens pass every check).
 * UNAUTHENTICATED (401) without a valid token, FORBIDDEN (403) for a token of another role.
 */
export async function requireRole(ctx: ApiContext, roles: Role[]): Promise<AuthenticatedToken> {
  const bearer = ctx.bearer;
  if (bearer.kind !== 'token') throw missingToken(bearer.kind, roles);
  const token = await ctx.auth();
  if (!token)
    throw apiError(ErrorCode.UNAUTHENTICATED, 'The API token is unknown or revoked.', { http: { status: 401 } });
  if (token.role !== 'admin' && !roles.includes(token.role)) {
    throw apiError(
      ErrorCode.FORBIDDEN,
      `This operation needs ${anyOf(roles)} token; yours ("${token.name}") is ${article(token.role)} ${token.role} token.`,
      { http: { status: 403 } },
    );
  }
  return token;
}

/**
 * The sha256 of the caller's well-formed bearer token, not yet checked, for the runner's hot
 * writes: they check the token inside their own statement (one round trip instead of two) and
 * call `requireRole` when that statement refuses, so a bad token still gets its 401 or 403.
 * UNAUTHENTICATED at once without a well-formed token.
 */
export function bearerTokenHash(ctx: ApiContext, roles: Role[]): string {
  const bearer = ctx.bearer;
  if (bearer.kind !== 'token') throw missingToken(bearer.kind, roles);
  return hashToken(bearer.token);
}

function missingToken(kind: 'none' | 'malformed', roles: Role[]) {
  if (kind === 'none')
    return apiError(ErrorCode.UNAUTHENTICATED, `This operation needs ${anyOf(roles)} API token. ${HOW}`, {
      http: { status: 401 },
    });
  return apiError(
    ErrorCode.UNAUTHENTICATED,
    'The Authorization header is not `Bearer TOKEN` with a Transferboard token (tb_ and 43 characters).',
    { http: { status: 401 } },
  );
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** "a submitter", "an admin", "a runner or admin": the roles with the article the first one takes. */
export function anyOf(roles: readonly string[]): string {
  return `${article(roles[0] ?? '')} ${roles.join(' or ')}`;
}
