import { registry } from '@transferboard/suite/registry';
import pg from 'pg';

/**
 * N synthetic measured models (`growth-1` … `growth-N`, "Growth model i") and a result on each
 * of ssl-transfer-v1's tasks for each, on the runner's protocol, in two SQL statements
 * (generate_series; values uniform in a plausible range per metric), then the data-version bump
 * a write makes. For the growth benchmark (scripts/bench/growth) and the e2e tests of a large
 * board. PostgreSQL only: `url` is a database the API has migrated and seeded.
 */
export async function seedGrowthModels(url: string, n: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO models (slug, name, source, family, imagenet_top1)
      SELECT 'growth-' || i, 'Growth model ' || i, 'submission', (ARRAY['contrastive','clustering','supervised'])[1 + i % 3], 50 + random() * 30
      FROM generate_series(1, $1::int) AS i`,
      [n],
    );
    const rows = registry.suiteTasks('ssl-transfer-v1').map((t) => {
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
  } finally {
    await client.end();
  }
}
