import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRowFrom, rowsOf } from './job-row';
import { explainRefusal, fenceCondition, type FencedJob, type JobWriter } from './lock-fenced-job';

export interface ThroughputMeasurement {
  device: string;
  provider: string;
  precision: 'fp32' | 'fp16';
  batchSize: number;
  images: number;
  seconds: number;
  peakRssMiB: number;
  peakGpuMiB: number | null;
}

export interface ThroughputReport {
  jobId: string;
  fencingToken: number;
  taskSlug: string;
  measurement: ThroughputMeasurement;
  by: JobWriter;
}

/**
 * Stores what extracting one task's features cost, fenced like every runner write (one
 * statement: a refused write stores nothing), for the job's model. Reporting a task again
 * replaces its row. Bumps the data version so cached pages showing costs refresh.
 */
export async function recordThroughput(db: Db, report: ThroughputReport): Promise<FencedJob> {
  const m = report.measurement;
  const [row] = rowsOf(
    await db.execute(sql`with locked as (
      select jobs.* from jobs where ${fenceCondition(report.jobId, report.fencingToken, report.by)}
    ), stored as (
      insert into throughput_measurements (model_id, job_id, task_slug, device, provider, precision, batch_size, images, seconds, peak_rss_mib, peak_gpu_mib)
      select submissions.model_id, locked.id, ${report.taskSlug}, ${m.device}, ${m.provider}, ${m.precision}, ${m.batchSize}, ${m.images},
        ${m.seconds}, ${m.peakRssMiB}, ${m.peakGpuMiB}
      from locked join submissions on submissions.id = locked.submission_id
      on conflict (job_id, task_slug) do update set device = excluded.device, provider = excluded.provider,
        precision = excluded.precision, batch_size = excluded.batch_size, images = excluded.images, seconds = excluded.seconds,
        peak_rss_mib = excluded.peak_rss_mib, peak_gpu_mib = excluded.peak_gpu_mib, created_at = now()
      returning id
    ), bumped as (
      insert into data_versions (key, version) select 'results', 1 from stored
      on conflict (key) do update set version = data_versions.version + 1, updated_at = now()
      returning key
    )
    select locked.*, (select count(*) from stored) as stored_rows, (select count(*) from bumped) as bumped_rows from locked`),
  );
  if (!row || Number(row.stored_rows) === 0) return explainRefusal(db, report.jobId, report.fencingToken, report.by);
  return { ok: true, job: jobRowFrom(row) };
}
