import { and, asc, count, eq, gt, inArray, type SQL } from 'drizzle-orm';
import type { ResultSource } from '@transferboard/suite/types';
import type { Db } from '../client';
import { models, results, suiteTasks } from '../schema';
import { currentAt, staleReason } from './result-state';
import type { ResultRow } from './list-results';

export interface ResultPageFilter {
  modelSlug?: string;
  taskSlug?: string;
  suite?: string;
  source?: ResultSource;
  protocolId?: string;
  metric?: string;
}

export interface ResultPage {
  totalCount: number;
  results: ResultRow[];
  hasNextPage: boolean;
}

/**
 * Current results (not superseded) matching every given filter, ordered by id, `first` at a time after the id `after`
 * (keyset pagination, stable while results are added). Two statements: the page and the count.
 */
export async function listResultsPage(
  db: Db,
  opts: { first: number; after?: number; filter?: ResultPageFilter },
): Promise<ResultPage> {
  const f = opts.filter ?? {};
  const where: SQL[] = [currentAt()];
  const reason = staleReason();
  if (f.modelSlug) where.push(eq(models.slug, f.modelSlug));
  if (f.taskSlug) where.push(eq(results.taskSlug, f.taskSlug));
  if (f.source) where.push(eq(results.source, f.source));
  if (f.protocolId) where.push(eq(results.protocolId, f.protocolId));
  if (f.metric) where.push(eq(results.metric, f.metric));
  if (f.suite) {
    where.push(
      inArray(
        results.taskSlug,
        db.select({ slug: suiteTasks.taskSlug }).from(suiteTasks).where(eq(suiteTasks.suiteSlug, f.suite)),
      ),
    );
  }
  const page = opts.after !== undefined ? [...where, gt(results.id, opts.after)] : where;
  const [rows, [total]] = await Promise.all([
    db
      .select({ r: results, staleReason: reason })
      .from(results)
      .innerJoin(models, eq(models.id, results.modelId))
      .where(and(...page))
      .orderBy(asc(results.id))
      .limit(opts.first + 1),
    db
      .select({ n: count() })
      .from(results)
      .innerJoin(models, eq(models.id, results.modelId))
      .where(and(...where)),
  ]);
  return {
    totalCount: total?.n ?? 0,
    results: rows.slice(0, opts.first).map((x) => ({ ...x.r, staleReason: x.staleReason })),
    hasNextPage: rows.length > opts.first,
  };
}
