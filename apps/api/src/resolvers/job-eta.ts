import type { JobParent } from '../mappers';

export interface JobEtaValue {
  secondsLeft: number;
  estimatedAt: string;
  basis: string;
}

/** A basis longer than this is the runner's bug, not something to show. */
const MAX_BASIS = 500;

/**
 * `Job.eta`: the estimate the runner put in its latest heartbeat (`progress.eta`, written by the
 * runner's evaluate/eta.ts), less the time since it made it. Null while the job is not running
 * or when the payload is not a well-formed estimate: progress is the runner's JSON, never trusted.
 */
export function jobEta(job: Pick<JobParent, 'status' | 'progress'>, now = Date.now()): JobEtaValue | null {
  if (job.status !== 'RUNNING' && job.status !== 'LEASED') return null;
  const eta = job.progress.eta;
  if (typeof eta !== 'object' || eta === null) return null;
  const { secondsLeft, estimatedAt, basis } = eta as Record<string, unknown>;
  if (typeof secondsLeft !== 'number' || !Number.isFinite(secondsLeft) || secondsLeft < 0) return null;
  if (typeof estimatedAt !== 'string' || typeof basis !== 'string' || basis.length > MAX_BASIS) return null;
  const at = Date.parse(estimatedAt);
  if (Number.isNaN(at)) return null;
  const elapsed = Math.max(0, (now - at) / 1000);
  return {
    secondsLeft: Math.max(0, Math.round(secondsLeft - elapsed)),
    estimatedAt: new Date(at).toISOString(),
    basis,
  };
}
