import { loadPaperModels } from '@transferboard/suite/models';
import { loadPaperResults } from '@transferboard/suite/paper-results';
import { registry } from '@transferboard/suite/registry';
import { metricDef } from '@transferboard/suite/metrics';
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './queries/job-row';
import { models, results, suites, suiteTasks, tasks } from './schema';

export interface SeedCounts {
  suites: number;
  tasks: number;
  models: number;
  results: number;
}

const PAPER = 'Ericsson, Gouk & Hospedales, "How Well Do Self-Supervised Models Transfer?", CVPR 2021';

/** Upserts suites and tasks from the registry: the registry in code is the source of truth. */
export async function seedSuitesAndTasks(tx: Db): Promise<void> {
  for (const t of registry.tasks) {
    const row = {
      slug: t.slug,
      title: t.title,
      category: t.category,
      dataset: t.dataset,
      numClasses: t.numClasses,
      primaryMetric: t.primaryMetric,
      higherIsBetter: metricDef(t.primaryMetric).higherIsBetter ? 1 : 0,
      secondaryMetrics: [...t.secondaryMetrics],
      protocol: t.protocol ? { ...t.protocol } : null,
      paperProtocol: { ...t.paperProtocol },
      version: t.version,
    };
    await tx.insert(tasks).values(row).onConflictDoUpdate({ target: tasks.slug, set: row });
  }
  for (const [position, s] of registry.suites.entries()) {
    const row = { slug: s.slug, title: s.title, description: s.description, version: s.version, position };
    await tx.insert(suites).values(row).onConflictDoUpdate({ target: suites.slug, set: row });
    await tx.delete(suiteTasks).where(eq(suiteTasks.suiteSlug, s.slug));
    await tx
      .insert(suiteTasks)
      .values(s.taskSlugs.map((taskSlug, position) => ({ suiteSlug: s.slug, taskSlug, position })));
  }
}

export async function seedPaperModels(tx: Db): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const m of loadPaperModels()) {
    const row = {
      slug: m.slug,
      name: m.name,
      source: 'paper' as const,
      family: m.family,
      architecture: m.architecture,
      imagenetTop1: m.imagenetTop1,
      normalization: m.normalization,
      checkpointUrl: m.checkpointUrl,
      checkpointNotes: m.checkpointNotes,
      paperUrl: 'https://arxiv.org/abs/2011.13377',
      codeUrl: 'https://github.com/linusericsson/ssl-transfer',
      properties: m.properties,
      description: `${m.name} ResNet-50 (${m.family}), ${m.pretrainEpochs} epochs at batch ${m.pretrainBatch}; as evaluated in the paper.`,
    };
    const [saved] = await tx
      .insert(models)
      .values(row)
      .onConflictDoUpdate({ target: models.slug, set: row })
      .returning({ id: models.id });
    ids.set(m.slug, saved!.id);
  }
  return ids;
}

async function seedPaperResults(tx: Db, modelIds: Map<string, string>): Promise<number> {
  const rows = loadPaperResults().map((r) => {
    const protocol = registry.task(r.task).paperProtocol;
    return {
      modelId: modelIds.get(r.model)!,
      taskSlug: r.task,
      metric: r.metric,
      value: r.value,
      ciLow: r.ci95 === null ? null : r.value - r.ci95,
      ciHigh: r.ci95 === null ? null : r.value + r.ci95,
      source: 'reported' as const,
      protocolId: protocol.id,
      protocolVersion: protocol.version,
      taskVersion: 1,
      provenance: { paper: PAPER, table: r.table, column: r.column, ...(r.ci95 === null ? {} : { ci95: r.ci95 }) },
    };
  });
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    const superseded = await supersedeChangedRows(tx, batch);
    const inserted = await tx
      .insert(results)
      .values(batch)
      // The current row of an unchanged number stays as it is: re-seeding duplicates nothing.
      .onConflictDoNothing({ target: [...IDENTITY], where: sql`${results.supersededAt} is null` })
      .returning({ id: results.id, modelId: results.modelId, taskSlug: results.taskSlug, metric: results.metric });
    await linkSuperseded(tx, superseded, inserted);
  }
  return rows.length;
}

/** A result's identity: one current row per identity (the partial unique index on results). */
const IDENTITY = [
  results.modelId,
  results.taskSlug,
  results.metric,
  results.source,
  results.protocolId,
  results.protocolVersion,
] as const;

type SeedRow = typeof results.$inferInsert;
interface RowKey {
  id: number;
  modelId: string;
  taskSlug: string;
  metric: string;
}
const keyOf = (r: Omit<RowKey, 'id'>) => `${r.modelId}|${r.taskSlug}|${r.metric}`;

/**
 * A paper number whose seed changed (a corrected table value, CI or provenance) is not
 * overwritten: its current row is superseded, as a re-measurement supersedes, and the new value
 * is inserted beside it, so `asOf` before the correction still shows what was published then.
 */
async function supersedeChangedRows(tx: Db, batch: readonly SeedRow[]): Promise<RowKey[]> {
  const incoming = JSON.stringify(
    batch.map((r) => ({
      model_id: r.modelId,
      task_slug: r.taskSlug,
      metric: r.metric,
      protocol_id: r.protocolId,
      protocol_version: r.protocolVersion,
      value: r.value,
      ci_low: r.ciLow,
      ci_high: r.ciHigh,
      provenance: r.provenance,
    })),
  );
  const changed = await tx.execute(sql`update results r set superseded_at = now()
    from jsonb_to_recordset(${incoming}::jsonb) as i(model_id uuid, task_slug text, metric text, protocol_id text,
      protocol_version integer, value double precision, ci_low double precision, ci_high double precision, provenance jsonb)
    where r.superseded_at is null and r.source = 'reported' and r.model_id = i.model_id and r.task_slug = i.task_slug
      and r.metric = i.metric and r.protocol_id = i.protocol_id and r.protocol_version = i.protocol_version
      and (r.value, r.ci_low, r.ci_high, r.provenance) is distinct from (i.value, i.ci_low, i.ci_high, i.provenance)
    returning r.id, r.model_id, r.task_slug, r.metric`);
  return rowsOf(changed).map((r) => ({
    id: Number(r.id),
    modelId: String(r.model_id),
    taskSlug: String(r.task_slug),
    metric: String(r.metric),
  }));
}

/** Points each superseded paper row at the row that replaced it. */
async function linkSuperseded(tx: Db, superseded: readonly RowKey[], inserted: readonly RowKey[]): Promise<void> {
  if (superseded.length === 0) return;
  const byKey = new Map(inserted.map((r) => [keyOf(r), r.id]));
  for (const old of superseded) {
    const by = byKey.get(keyOf(old));
    if (by !== undefined) await tx.update(results).set({ supersededBy: by }).where(eq(results.id, old.id));
  }
}

/**
 * Seeds the suites, tasks, the paper's 14 models and every number of its tables 1–8 as
 * reported results. Idempotent: running it again duplicates nothing; a number whose seed changed
 * supersedes its earlier row (history), never overwrites it.
 */
export async function seedPaperData(db: Db): Promise<SeedCounts> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await seedSuitesAndTasks(t);
    const modelIds = await seedPaperModels(t);
    const count = await seedPaperResults(t, modelIds);
    return { suites: registry.suites.length, tasks: registry.tasks.length, models: modelIds.size, results: count };
  });
}
