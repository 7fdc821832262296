import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * The places in line of several queued jobs (1 = claimed next) in one statement, in the order
 * claimJob takes jobs (highest priority first, then oldest, then by id). Jobs that are not queued are left out.
 */
export async function findQueuePositions(db: Db, jobIds: readonly string[]): Promise<Map<string, number>> {
  if (jobIds.length === 0) return new Map();
  const ids = sql.join(
    jobIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`select id, position from (
      select id, row_number() over (order by priority desc, created_at, id) as position from jobs where status = 'QUEUED'
    ) queued where id in (${ids})`);
  const rows = (result as unknown as { rows: { id: string; position: number | string }[] }).rows;
  return new Map(rows.map((r) => [r.id, Number(r.position)]));
}
