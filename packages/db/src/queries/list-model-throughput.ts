import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { throughputMeasurements as t } from '../schema';

/** One device × precision × batch size a model was measured on, over every task extracted there. */
export interface ModelThroughput {
  modelId: string;
  device: string;
  provider: string;
  precision: 'fp32' | 'fp16';
  batchSize: number;
  /** Images extracted over every task measured on this device (decode and forward). */
  images: number;
  seconds: number;
  /** Σ images ÷ Σ seconds: a split of many images weighs more than a small one. */
  imagesPerSecond: number;
  peakRssMiB: number;
  peakGpuMiB: number | null;
  tasks: number;
  measuredAt: Date;
}

/** Every model's measurements, grouped per device, precision and batch size, newest first (one statement). */
export async function listModelThroughput(db: Db, modelIds: readonly string[]): Promise<ModelThroughput[]> {
  if (modelIds.length === 0) return [];
  const rows = await db
    .select({
      modelId: t.modelId,
      device: t.device,
      provider: sql<string>`min(${t.provider})`,
      precision: t.precision,
      batchSize: t.batchSize,
      images: sql<string>`sum(${t.images})`,
      seconds: sql<number>`sum(${t.seconds})`,
      peakRssMiB: sql<number>`max(${t.peakRssMiB})`,
      peakGpuMiB: sql<number | null>`max(${t.peakGpuMiB})`,
      tasks: sql<string>`count(*)`,
      measuredAt: sql<string>`max(${t.measuredAt})`,
    })
    .from(t)
    .where(inArray(t.modelId, [...modelIds]))
    .groupBy(t.modelId, t.device, t.precision, t.batchSize)
    .orderBy(sql`max(${t.measuredAt}) desc`, t.device);
  return rows.map((r) => {
    const images = Number(r.images);
    const seconds = Number(r.seconds);
    return {
      modelId: r.modelId,
      device: r.device,
      provider: r.provider,
      precision: r.precision,
      batchSize: r.batchSize,
      images,
      seconds,
      imagesPerSecond: seconds > 0 ? images / seconds : 0,
      peakRssMiB: Number(r.peakRssMiB),
      peakGpuMiB: r.peakGpuMiB === null ? null : Number(r.peakGpuMiB),
      tasks: Number(r.tasks),
      measuredAt: new Date(r.measuredAt),
    };
  });
}
