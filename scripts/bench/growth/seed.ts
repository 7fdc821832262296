// The growth benchmarks' write (run.ts, phases.ts): a re-measurement committed as reportResults
// commits one. The models themselves: @transferboard/e2e/growth-seed.
import pg from 'pg';
import { registry } from '@transferboard/suite/registry';

const tasks = registry.suiteTasks('ssl-transfer-v1');

/**
 * A re-measurement of one result of growth-1, committed as reportResults does: the current row
 * superseded, a new current row, and the data-version bump, in one transaction.
 */
export async function newResult(url: string, value = 99.99): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('BEGIN');
  const old = await client.query(
    `UPDATE results SET superseded_at = now() WHERE task_slug = $1 AND source = 'measured' AND superseded_at IS NULL
    AND model_id = (SELECT id FROM models WHERE slug = 'growth-1') RETURNING id`,
    [tasks[0]!.slug],
  );
  await client.query(
    `INSERT INTO results (model_id, task_slug, metric, value, source, protocol_id, protocol_version, provenance)
    SELECT model_id, task_slug, metric, $2::float8, source, protocol_id, protocol_version, provenance FROM results WHERE id = $1`,
    [old.rows[0].id, value],
  );
  await client.query(`UPDATE data_versions SET version = version + 1 WHERE key = 'results'`);
  await client.query('COMMIT');
  await client.end();
}
