import { and, count, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { submissions } from '../schema';

/** How many of a token's submissions are queued or running: the quota counts these. */
export async function countActiveSubmissions(db: Db, submittedBy: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(submissions)
    .where(and(eq(submissions.submittedBy, submittedBy), inArray(submissions.status, ['QUEUED', 'RUNNING'])));
  return Number(row?.n ?? 0);
}
