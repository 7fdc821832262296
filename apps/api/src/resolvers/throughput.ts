import { findReportTarget } from '@transferboard/db/queries/find-report-target';
import { recordThroughput, type ThroughputMeasurement } from '@transferboard/db/queries/record-throughput';
import { bearerTokenHash, requireRole } from '../auth/require-role';
import { tokenAccepted } from '../auth/touch-token';
import type { ApiContext } from '../context';
import { apiError, badInput, ErrorCode } from '../errors';
import type { JobParent } from '../mappers';
import type { MutationReportThroughputArgs, ThroughputInput } from '../generated/resolvers-types';
import { fenced, jobWriter } from './jobs';
import { requireTask } from './lookups';
import { UUID_PATTERN } from './submit-model-input';

/** The bounds of a plausible measurement: anything outside is a runner bug, refused with what was wrong. */
const LIMITS = {
  deviceChars: 200,
  batchSize: 4096,
  images: 10_000_000,
  seconds: 30 * 24 * 3600,
  memoryMiB: 16 * 1024 * 1024,
} as const;

function validateThroughput(input: ThroughputInput): ThroughputMeasurement {
  const at = (field: string) => `measurement.${field}`;
  const device = input.device.trim();
  if (device === '' || device.length > LIMITS.deviceChars)
    throw badInput(
      `"${at('device')}" must be 1 to ${LIMITS.deviceChars} characters: the CPU model or GPU name.`,
      at('device'),
    );
  const provider = input.provider.trim();
  if (!/^[a-z0-9_-]{1,40}$/i.test(provider))
    throw badInput(
      `"${at('provider')}" must be an execution provider name such as cpu or cuda (letters, digits, _ or -).`,
      at('provider'),
    );
  const int = (field: 'batchSize' | 'images', max: number) => {
    const v = input[field];
    if (!Number.isInteger(v) || v < 1 || v > max)
      throw badInput(`"${at(field)}" = ${v} must be a whole number from 1 to ${max}.`, at(field));
    return v;
  };
  const positive = (field: 'seconds' | 'peakMemoryMiB' | 'peakGpuMemoryMiB', max: number, allowZero: boolean) => {
    const v = input[field];
    if (v === null || v === undefined) return null;
    if (!Number.isFinite(v) || v < 0 || (!allowZero && v === 0) || v > max) {
      throw badInput(
        `"${at(field)}" = ${v} must be ${allowZero ? 'at least 0' : 'more than 0'} and at most ${max}.`,
        at(field),
      );
    }
    return v;
  };
  return {
    device,
    provider: provider.toLowerCase(),
    precision: input.precision === 'FP16' ? 'fp16' : 'fp32',
    batchSize: int('batchSize', LIMITS.batchSize),
    images: int('images', LIMITS.images),
    seconds: positive('seconds', LIMITS.seconds, false)!,
    peakRssMiB: positive('peakMemoryMiB', LIMITS.memoryMiB, true)!,
    peakGpuMiB: positive('peakGpuMemoryMiB', LIMITS.memoryMiB, true),
  };
}

export async function resolveReportThroughput(ctx: ApiContext, args: MutationReportThroughputArgs): Promise<JobParent> {
  const tokenHash = bearerTokenHash(ctx, ['runner']);
  if (!UUID_PATTERN.test(args.jobId))
    throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${args.jobId.slice(0, 100)}".`, { kind: 'job' });
  const jobId = args.jobId.toLowerCase();
  const target = await findReportTarget(ctx.db, { jobId, taskSlug: args.task, tokenHash });
  const caller = target?.caller;
  const token = caller && caller.role !== 'submitter' ? caller : await requireRole(ctx, ['runner']);
  if (!target) throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${jobId}".`, { kind: 'job' });
  const task = target.task ?? (await requireTask(ctx, args.task));
  if (!target.inSuite) throw badInput(`Task "${task.slug}" is not in the job's suite "${target.suiteSlug}".`, 'task');
  const measurement = validateThroughput(args.measurement);
  const job = fenced(
    await recordThroughput(ctx.db, {
      jobId,
      fencingToken: args.fencingToken,
      taskSlug: task.slug,
      measurement,
      by: jobWriter(token),
    }),
    jobId,
  );
  tokenAccepted(ctx, tokenHash);
  ctx.log.info(
    { jobId, task: task.slug, device: measurement.device, imagesPerSecond: measurement.images / measurement.seconds },
    'throughput reported',
  );
  return job;
}
