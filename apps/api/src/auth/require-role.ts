import type { AuthenticatedToken } from '@transferboard/db/queries/authenticate-api-token';
import type { ApiContext } from '../context';
import { apiError, ErrorCode } from '../errors';

export type Role = AuthenticatedToken['role'];

const HOW = 'Send `Authorization: Bearer TOKEN`; create a token with `npm run tokens -- create --role ROLE --name NAME`.';

/**
 * The caller's token, which must have one of `roles` (admin tokens pass every check).
 * UNAUTHENTICATED (401) without a valid token, FORBIDDEN (403) for a token of another role.
 */
export async function requireRole(ctx: ApiContext, roles: Role[]): Promise<AuthenticatedToken> {
  const bearer = ctx.bearer;
  if (bearer.kind === 'none') throw apiError(ErrorCode.UNAUTHENTICATED, `This operation needs a ${roles.join(' or ')} API token. ${HOW}`, { http: { status: 401 } });
  if (bearer.kind === 'malformed') {
    throw apiError(ErrorCode.UNAUTHENTICATED, 'The Authorization header is not `Bearer TOKEN` with a Transferboard token (tb_ and 43 characters).', { http: { status: 401 } });
  }
  const token = await ctx.auth();
  if (!token) throw apiError(ErrorCode.UNAUTHENTICATED, 'The API token is unknown or revoked.', { http: { status: 401 } });
  if (token.role !== 'admin' && !roles.includes(token.role)) {
    throw apiError(ErrorCode.FORBIDDEN, `This operation needs a ${roles.join(' or ')} token; yours ("${token.name}") is a ${token.role} token.`, { http: { status: 403 } });
  }
  return token;
}
