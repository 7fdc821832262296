import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Db } from '@transferboard/db/client';
import { authenticateApiToken, type AuthenticatedToken } from '@transferboard/db/queries/authenticate-api-token';

export type Role = AuthenticatedToken['role'];
export type Authenticate = (req: IncomingMessage) => Promise<AuthenticatedToken | null>;

/** Tokens are stored as the sha256 of the secret, so a database leak does not leak tokens. */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** The default: a `Authorization: Bearer TOKEN` header checked against the api_tokens table. */
export function bearerAuthenticator(db: Db, hash: (secret: string) => string = hashToken): Authenticate {
  return async (req) => {
    const secret = bearerToken(req);
    return secret ? authenticateApiToken(db, hash(secret)) : null;
  };
}
