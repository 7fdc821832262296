import { createHash, randomBytes } from 'node:crypto';

/**
 * API tokens: `tb_` and 43 base64url characters (256 random bits). Only the sha256 of a token is
 * stored, with its first 11 characters as a visible prefix so people can tell tokens apart; the
 * token itself is shown once, at creation. A fast hash is enough: the secret is random and long,
 * not a password someone could guess.
 */
export const TOKEN_PATTERN = /^tb_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 11;

export interface NewToken {
  token: string;
  prefix: string;
  hash: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): NewToken {
  const token = `tb_${randomBytes(32).toString('base64url')}`;
  return { token, prefix: token.slice(0, PREFIX_LENGTH), hash: hashToken(token) };
}

export type Bearer = { kind: 'none' } | { kind: 'malformed' } | { kind: 'token'; token: string };

/** The token of an `Authorization: Bearer TOKEN` header. */
export function parseBearer(header: string | undefined | null): Bearer {
  if (header === undefined || header === null || header === '') return { kind: 'none' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match || !TOKEN_PATTERN.test(match[1]!)) return { kind: 'malformed' };
  return { kind: 'token', token: match[1]! };
}
