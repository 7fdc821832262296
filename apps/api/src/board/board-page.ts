import { badInput } from '../errors';
import { decodeCursor, encodeCursor, MAX_PAGE_SIZE } from '../resolvers/pagination';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

export interface Page<T> {
  totalCount: number;
  offset: number;
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** A page of rows with a board's default size: 100, one screen of the leaderboard. */
export const BOARD_PAGE_SIZE = 100;

const cursorOf = (offset: number) => encodeCursor('row', offset);
const offsetOf = (cursor: string) => Number(decodeCursor('row', cursor, (k) => /^\d{1,9}$/.test(k)));

function size(name: 'first' | 'last', n: number | null | undefined): number | null {
  if (n === null || n === undefined) return null;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw badInput(`"${name}" must be between 1 and ${MAX_PAGE_SIZE} (got ${n}).`, name);
  return n;
}

/**
 * A page of an ordered list by position (Relay's `first`/`after` forward, `last`/`before`
 * backward). Positions are cheap on a precomputed order, and a cursor is a position in it.
 */
export function pageOf<T>(items: readonly T[], args: PageArgs): Page<T> {
  const first = size('first', args.first);
  const last = size('last', args.last);
  if (first !== null && last !== null) throw badInput('Give "first" or "last", not both.', 'first');
  let start = args.after ? Math.min(offsetOf(args.after) + 1, items.length) : 0;
  let end = args.before ? Math.min(offsetOf(args.before), items.length) : items.length;
  end = Math.max(start, end);
  if (last !== null) start = Math.max(start, end - last);
  else end = Math.min(end, start + (first ?? BOARD_PAGE_SIZE));
  const edges = items.slice(start, end).map((node, i) => ({ cursor: cursorOf(start + i), node }));
  return {
    totalCount: items.length,
    offset: start,
    edges,
    pageInfo: {
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
