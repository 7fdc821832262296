import { desc, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { artifacts, submissions } from '../schema';

export interface ModelInspection {
  modelId: string;
  /** What the intake found in the model's ONNX file (onnx-intake's ModelInfo, without the tensor catalog). */
  inspection: Record<string, unknown>;
}

/**
 * The intake's record of each model's file: its newest submission's artifact. Paper models have
 * no submission (none returned). The tensor catalog is left out: it can hold thousands of names.
 */
export async function findModelInspections(db: Db, modelIds: readonly string[]): Promise<ModelInspection[]> {
  if (modelIds.length === 0) return [];
  const rows = await db
    .selectDistinctOn([submissions.modelId], {
      modelId: submissions.modelId,
      inspection: sql<Record<string, unknown> | null>`${artifacts.inspection} - 'tensors'`,
    })
    .from(submissions)
    .innerJoin(artifacts, sql`${artifacts.id} = ${submissions.artifactId}`)
    .where(inArray(submissions.modelId, [...modelIds]))
    .orderBy(submissions.modelId, desc(submissions.createdAt));
  return rows.flatMap((r) => (r.inspection ? [{ modelId: r.modelId, inspection: r.inspection }] : []));
}
