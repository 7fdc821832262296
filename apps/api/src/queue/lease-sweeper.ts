import type { Db } from '@transferboard/db/client';
import { expireLeases } from '@transferboard/db/queries/expire-leases';
import type { Logger } from 'pino';

/**
 * Returns jobs whose runner vanished to the queue (or fails them after their last attempt)
 * every `intervalMs`. Every API replica may run one: expireLeases skips rows another holds.
 * A claim does not wait for it: expired jobs are only invisible to claimJob until the next sweep.
 */
export function startLeaseSweeper(db: Db, log: Logger, intervalMs: number): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const sweep = async () => {
    try {
      for (;;) {
        const changed = await expireLeases(db, { limit: 100 });
        for (const c of changed) log.warn({ jobId: c.jobId, submissionId: c.submissionId, attempt: c.attempt, status: c.status }, 'job lease expired');
        if (changed.length < 100) break;
      }
    } catch (err) {
      log.error({ err }, 'lease sweep failed; retrying at the next interval');
    }
  };
  const timer = setInterval(() => {
    if (!running) running = sweep().finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
