import { and, asc, count, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { models } from '../schema';
import type { ModelRow } from './find-model';

export interface ModelFilter {
  family?: string;
  source?: 'paper' | 'submission';
  /** Case-insensitive substring of the name or slug. */
  search?: string;
}

export interface ModelPage {
  totalCount: number;
  models: ModelRow[];
  hasNextPage: boolean;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Models ordered by slug, `first` at a time after the slug `after` (keyset pagination: stable
 * while models are added). totalCount counts every model the filter matches.
 */
export async function listModels(
  db: Db,
  opts: { first: number; after?: string; filter?: ModelFilter },
): Promise<ModelPage> {
  const where: SQL[] = [];
  const f = opts.filter ?? {};
  if (f.family) where.push(eq(models.family, f.family));
  if (f.source) where.push(eq(models.source, f.source));
  if (f.search) {
    const pattern = `%${escapeLike(f.search)}%`;
    where.push(or(ilike(models.name, pattern), ilike(models.slug, pattern))!);
  }
  const page = opts.after ? [...where, gt(models.slug, opts.after)] : where;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(models)
      .where(and(...page))
      .orderBy(asc(models.slug))
      .limit(opts.first + 1),
    db
      .select({ n: count() })
      .from(models)
      .where(and(...where)),
  ]);
  return { totalCount: total?.n ?? 0, models: rows.slice(0, opts.first), hasNextPage: rows.length > opts.first };
}
