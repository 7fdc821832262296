import { listResultsPage } from '@transferboard/db/queries/list-results-page';
import type { ApiContext } from '../context';
import { toDbSource } from '../enums';
import { badInput } from '../errors';
import type { QueryResultsArgs } from '../generated/resolvers-types';
import { requireModel, requireSuite, requireTask } from './lookups';
import { decodeCursor, encodeCursor, pageSize } from './pagination';

/** results(filter, first, after): unknown model, task or suite slugs are NOT_FOUND, not an empty page. */
export async function resolveResults(ctx: ApiContext, args: QueryResultsArgs) {
  const first = pageSize(args.first);
  const f = args.filter ?? {};
  for (const [name, value] of Object.entries({ protocol: f.protocol, metric: f.metric })) {
    if (value && value.length > 100)
      throw badInput(`"filter.${name}" is longer than 100 characters.`, `filter.${name}`);
  }
  if (f.model) await requireModel(ctx, f.model);
  if (f.task) await requireTask(ctx, f.task);
  if (f.suite) await requireSuite(ctx, f.suite);
  const after = args.after ? Number(decodeCursor('result', args.after, (k) => /^\d{1,15}$/.test(k))) : undefined;
  const page = await listResultsPage(ctx.db, {
    first,
    after,
    filter: {
      modelSlug: f.model ?? undefined,
      taskSlug: f.task ?? undefined,
      suite: f.suite ?? undefined,
      source: f.source ? toDbSource(f.source) : undefined,
      protocolId: f.protocol ?? undefined,
      metric: f.metric ?? undefined,
    },
  });
  const edges = page.results.map((node) => ({ cursor: encodeCursor('result', node.id), node }));
  return {
    totalCount: page.totalCount,
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
