import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { models, submissions } from '../schema';
import type { SubmissionRow } from './create-submission';

export interface SubmissionPage {
  totalCount: number;
  submissions: SubmissionRow[];
  hasNextPage: boolean;
}

/**
 * Submissions, newest first, optionally of one status and of one model (by slug); keyset
 * pagination on (created_at, id) after the submission `after`.
 */
export async function listSubmissions(
  db: Db,
  opts: { first: number; after?: string; status?: SubmissionRow['status']; modelSlug?: string },
): Promise<SubmissionPage> {
  const where: SQL[] = [];
  if (opts.status) where.push(eq(submissions.status, opts.status));
  if (opts.modelSlug !== undefined) {
    where.push(sql`${submissions.modelId} = (select m.id from ${models} m where m.slug = ${opts.modelSlug})`);
  }
  // The cursor is the last row's id; comparing against its stored timestamp keeps full precision.
  const page = opts.after
    ? [
        ...where,
        sql`(${submissions.createdAt}, ${submissions.id}) < (select s.created_at, s.id from ${submissions} s where s.id = ${opts.after})`,
      ]
    : where;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(submissions)
      .where(and(...page))
      .orderBy(desc(submissions.createdAt), desc(submissions.id))
      .limit(opts.first + 1),
    db
      .select({ n: count() })
      .from(submissions)
      .where(and(...where)),
  ]);
  return { totalCount: total?.n ?? 0, submissions: rows.slice(0, opts.first), hasNextPage: rows.length > opts.first };
}
