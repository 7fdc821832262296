// The growth benchmarks' data (run.ts, phases.ts): N synthetic measured models on the 25 v1 tasks,
// and a re-measurement committed as reportResults commits one.
import pg from 'pg';
import { registry } from '@transferboard/suite/registry';

const tasks = registry.suiteTasks('ssl-transfer-v1');

/**
 * N models named growth-1…N and their 25 results each, in two SQL statements (generate_series;
 * values uniform in a plausible range per metric), then the data-version bump a write makes.
 */
export async function seed(url: string, n: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `INSERT INTO models (slug, name, source, family, imagenet_top1)
    SELECT 'growth-' || i, 'Growth model ' || i, 'submission', (ARRAY['contrastive','clustering','supervised'])[1 + i % 3], 50 + random() * 30
    FROM generate_series(1, $1::int) AS i`,
    [n],
  );
  const rows = tasks.map((t) => {
    const p = t.protocol ?? t.paperProtocol;
    return `('${t.slug}', '${t.primaryMetric}', '${p.id}', ${p.version})`;
  });
  // One statement: every growth model × every task; random() per row, so each cell differs.
  await client.query(`INSERT INTO results (model_id, task_slug, metric, value, source, protocol_id, protocol_version, provenance)
    SELECT m.id, t.slug, t.metric,
      CASE t.metric WHEN 'miou' THEN 0.2 + random() * 0.6 WHEN 'mean_angle_error' THEN 15 + random() * 25 ELSE 20 + random() * 75 END,
      'measured', t.pid, t.pver, '{"bench":"growth"}'::jsonb
    FROM models m CROSS JOIN (VALUES ${rows.join(', ')}) AS t(slug, metric, pid, pver)
    WHERE m.slug LIKE 'growth-%'`);
  await client.query(`UPDATE data_versions SET version = version + 1 WHERE key = 'results'`);
  await client.end();
}

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
