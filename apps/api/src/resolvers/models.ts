import { listModels } from '@transferboard/db/queries/list-models';
import type { ApiContext } from '../context';
import { toDbModelSource } from '../enums';
import { badInput } from '../errors';
import type { QueryModelsArgs } from '../generated/resolvers-types';
import { decodeCursor, encodeCursor, pageSize } from './pagination';

export async function resolveModels(ctx: ApiContext, args: QueryModelsArgs) {
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  if (filter.search && filter.search.length > 100)
    throw badInput('"filter.search" is longer than 100 characters.', 'filter.search');
  if (filter.family && filter.family.length > 100)
    throw badInput('"filter.family" is longer than 100 characters.', 'filter.family');
  const page = await listModels(ctx.db, {
    first,
    after: args.after ? decodeCursor('model', args.after) : undefined,
    filter: {
      family: filter.family ?? undefined,
      source: filter.source ? toDbModelSource(filter.source) : undefined,
      search: filter.search ?? undefined,
    },
  });
  const edges = page.models.map((node) => ({ cursor: encodeCursor('model', node.slug), node }));
  return {
    totalCount: page.totalCount,
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
