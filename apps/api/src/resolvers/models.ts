import { listModels } from '@transferboard/db/queries/list-models';
import type { ApiContext } from '../context';
import { toDbModelSource } from '../enums';
import { badInput } from '../errors';
import type { QueryModelsArgs } from '../generated/resolvers-types';

export const MAX_PAGE_SIZE = 100;

/** Opaque cursors: base64url of "model:<slug>", so clients cannot depend on the key. */
export const encodeCursor = (slug: string) => Buffer.from(`model:${slug}`).toString('base64url');

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('model:') || decoded.length > 200) {
    throw badInput(`"after" is not a cursor this API issued: pass the endCursor of a previous page.`, 'after');
  }
  return decoded.slice('model:'.length);
}

export async function resolveModels(ctx: ApiContext, args: QueryModelsArgs) {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`"first" must be between 1 and ${MAX_PAGE_SIZE} (got ${first}).`, 'first');
  }
  const filter = args.filter ?? {};
  if (filter.search && filter.search.length > 100) throw badInput('"filter.search" is longer than 100 characters.', 'filter.search');
  const page = await listModels(ctx.db, {
    first,
    after: args.after ? decodeCursor(args.after) : undefined,
    filter: {
      family: filter.family ?? undefined,
      source: filter.source ? toDbModelSource(filter.source) : undefined,
      search: filter.search ?? undefined,
    },
  });
  const edges = page.models.map((node) => ({ cursor: encodeCursor(node.slug), node }));
  return { totalCount: page.totalCount, edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
