import { badInput } from '../errors';

/** The largest page any list returns; larger requests are a BAD_USER_INPUT error, not truncated silently. */
export const MAX_PAGE_SIZE = 100;
/** The page size when `first` is not given (the SDL's default, also for an explicit null). */
export const DEFAULT_PAGE_SIZE = 20;

export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw badInput(`"first" must be between 1 and ${MAX_PAGE_SIZE} (got ${n}).`, 'first');
  return n;
}

/** Opaque cursors: base64url of "<kind>:<key>", so clients cannot depend on the key. */
export const encodeCursor = (kind: string, key: string | number) => Buffer.from(`${kind}:${key}`).toString('base64url');

export function decodeCursor(kind: string, cursor: string, valid: (key: string) => boolean = () => true): string {
  const decoded = cursor.length <= 300 ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const key = decoded.startsWith(`${kind}:`) ? decoded.slice(kind.length + 1) : null;
  if (key === null || key.length > 200 || !valid(key)) {
    throw badInput(`"after" is not a cursor this API issued: pass the endCursor of a previous page.`, 'after');
  }
  return key;
}
