import type { Db } from '@transferboard/db/client';
import { expireLeases } from '@transferboard/db/queries/expire-leases';
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';

export interface SweeperOptions {
  intervalMs: number;
  /** The lease JOB_LEASE_SECONDS grants: the grace after an outage, so every runner can renew once. */
  leaseMs: number;
  /** Clock (tests). */
  now?: () => number;
}

export interface LeaseSweeper {
  /** One sweep now (the timer calls it every intervalMs). */
  tick: () => Promise<void>;
  /** Until when (epoch ms) leases are not expired: after the start, and after an outage. */
  graceUntil: () => number;
  stop: () => Promise<void>;
}

/**
 * Returns jobs whose runner vanished to the queue (or fails them after their last attempt)
 * every `intervalMs`. Every API replica may run one: expireLeases skips rows another holds.
 * A claim does not wait for it: expired jobs are only invisible to claimJob until the next sweep.
 *
 * An outage must not cost runners their jobs. While this process (or its database) was down,
 * runners could not heartbeat, and their leases ran out through no fault of theirs. So after its
 * start, and whenever it notices it was away (a sweep late by more than two intervals: the
 * process was paused, or the database did not answer), the sweeper expires nothing for one lease
 * period: every runner that kept working gets a whole lease to renew, which it may even after
 * `lease_expires_at` (a lease is lost when the queue takes the job back, see lockFencedJob).
 * Runners that do not come back are swept once the grace ends.
 */
export function startLeaseSweeper(db: Db, log: Logger, opts: SweeperOptions): LeaseSweeper {
  const now = opts.now ?? Date.now;
  const outageMs = 2 * opts.intervalMs + 1_000;
  let healthyAt = now();
  let graceUntil = healthyAt + opts.leaseMs;
  let running: Promise<void> | null = null;

  const sweep = async () => {
    for (;;) {
      const changed = await expireLeases(db, { limit: 100 });
      for (const c of changed)
        log.warn(
          { jobId: c.jobId, submissionId: c.submissionId, attempt: c.attempt, status: c.status },
          'job lease expired',
        );
      if (changed.length < 100) break;
    }
  };
  const tick = async () => {
    const started = now();
    if (started - healthyAt > outageMs) {
      graceUntil = Math.max(graceUntil, started + opts.leaseMs);
      log.warn(
        { awayMs: started - healthyAt, graceMs: opts.leaseMs },
        'the lease sweeper was away (paused, or the database did not answer): leases get one lease period to be renewed',
      );
    }
    try {
      // In the grace period the database is still asked, so an outage inside it is noticed too.
      if (started < graceUntil) await db.execute(sql`select 1`);
      else await sweep();
      healthyAt = now();
    } catch (err) {
      log.error({ err }, 'lease sweep failed; retrying at the next interval');
    }
  };
  const timer = setInterval(() => {
    if (!running) running = tick().finally(() => (running = null));
  }, opts.intervalMs);
  timer.unref();
  return {
    tick: async () => {
      while (running) await running;
      running = tick().finally(() => (running = null));
      await running;
    },
    graceUntil: () => graceUntil,
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
