import { loadPaperModels } from '@transferboard/suite/models';
import { loadPaperResults } from '@transferboard/suite/paper-results';
import { registry } from '@transferboard/suite/registry';
import { metricDef } from '@transferboard/suite/metrics';
import { eq, sql } from 'drizzle-orm';
import type { Db } from './client';
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
    await tx
      .insert(results)
      .values(rows.slice(i, i + 500))
      .onConflictDoUpdate({
        // The current reported row (the partial unique index): the paper's numbers are corrected in place, not measured again.
        target: [
          results.modelId,
          results.taskSlug,
          results.metric,
          results.source,
          results.protocolId,
          results.protocolVersion,
        ],
        targetWhere: sql`${results.supersededAt} is null`,
        set: {
          value: sql`excluded.value`,
          ciLow: sql`excluded.ci_low`,
          ciHigh: sql`excluded.ci_high`,
          provenance: sql`excluded.provenance`,
        },
      });
  }
  return rows.length;
}

/**
 * Seeds the suites, tasks, the paper's 14 models and every number of its tables 1–8 as
 * reported results. Idempotent: running it again updates rows in place and duplicates nothing.
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
