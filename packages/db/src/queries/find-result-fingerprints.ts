import { sql } from 'drizzle-orm';
import type { Db } from '../client';

/**
 * What a board of now is made of, in one statement, so a rebuild can tell which models changed
 * since the board was built without trusting ids or clocks (a transaction may take an id before
 * another and commit after it). Per model: the count, sum and largest id of its current results,
 * and a sum of hashes of their values and intervals (hashfloat8: no text conversion). A new or re-measured result is a new row
 * with a larger id, a superseded one leaves the current set, a paper number corrected in place
 * (seeding) changes its hash, and a deleted model leaves the map; each changes its model's
 * fingerprint. `global` covers what changes every cell at once (protocol and task
 * versions make results stale), so a change there means a full rebuild.
 */
export interface ResultFingerprints {
  byModel: Map<string, string>;
  global: string;
}

export async function findResultFingerprints(db: Db): Promise<ResultFingerprints> {
  // One statement: the versions' fingerprint comes as the row with a null model.
  const result = await db.execute(sql`
    select model_id, count(*) || ':' || sum(id) || ':' || max(id) || ':' ||
        sum(hashfloat8(value)::bigint * 3 + coalesce(hashfloat8(ci_low)::bigint, 1) * 5 + coalesce(hashfloat8(ci_high)::bigint, 2) * 7) as fp
    from results where superseded_at is null group by model_id
    union all
    select null, (select count(*) || ':' || coalesce(max(introduced_at)::text, '') from protocol_versions) || '/' ||
      (select count(*) || ':' || coalesce(max(introduced_at)::text, '') from task_versions)`);
  const rows = (result as unknown as { rows: { model_id: string | null; fp: string }[] }).rows;
  const global = rows.find((r) => r.model_id === null)!.fp;
  return { byModel: new Map(rows.filter((r) => r.model_id !== null).map((r) => [r.model_id!, r.fp])), global };
}

/** Models whose current results differ between two fingerprints (added, changed or gone). */
export function changedModels(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed = new Set<string>();
  for (const [id, fp] of after) if (before.get(id) !== fp) changed.add(id);
  for (const id of before.keys()) if (!after.has(id)) changed.add(id);
  return [...changed];
}
