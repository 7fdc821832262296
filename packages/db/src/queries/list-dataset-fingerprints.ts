import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { rowsOf } from './job-row';

export interface DatasetFingerprintCount {
  fingerprint: string;
  results: number;
  runnerVersions: string[];
}

/**
 * The dataset fingerprints of a task's current measured results, most results first. More than
 * one means two runners evaluated on different copies of the data: the task page flags it.
 */
export async function listDatasetFingerprints(db: Db, taskSlug: string): Promise<DatasetFingerprintCount[]> {
  const rows = rowsOf(
    await db.execute(sql`select dataset_fingerprint as fingerprint, count(*)::int as results,
      coalesce(array_agg(distinct runner_version) filter (where runner_version is not null), '{}') as runner_versions
    from results
    where task_slug = ${taskSlug} and source = 'measured' and superseded_at is null and dataset_fingerprint is not null
    group by dataset_fingerprint order by count(*) desc, dataset_fingerprint`),
  );
  return rows.map((r) => ({
    fingerprint: String(r.fingerprint),
    results: Number(r.results),
    runnerVersions: (r.runner_versions as string[]) ?? [],
  }));
}
