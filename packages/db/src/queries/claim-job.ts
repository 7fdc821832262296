import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRowFrom, rowsOf } from './job-row';
import type { JobRow } from './lock-fenced-job';

/**
 * The claiming token: its id, or its sha256 for the hot path (the claim's own SQL then checks that a
 * live runner or admin token has it, and claims nothing otherwise).
 */
export type Claimer = { tokenId: string } | { tokenHash: string };

/**
 * Leases the next QUEUED job to `runner` (the highest priority, then the oldest: JOB_PRIORITY): attempt + 1, a new fencing token, a lease of
 * `leaseSeconds`, and `claimedBy` (the claiming API token: only it, or an admin, may write to the
 * job while it holds the lease; null only for in-process callers and tests). `FOR UPDATE SKIP
 * LOCKED` lets many runners claim at once without waiting on, or double-claiming, each other's
 * rows. Null when nothing is queued (or, for a claimer named by hash, when no live runner or
 * admin token has that hash: the caller tells the two apart).
 *
 * One statement (claims are on every runner's critical path, and each round trip counts): the
 * token check, the lease, the submission moving to RUNNING and the LEASED event are CTEs of one
 * atomic statement.
 */
export async function claimJob(
  db: Db,
  opts: { runner: string; leaseSeconds: number; claimedBy?: Claimer | null },
): Promise<JobRow | null> {
  const claimer = opts.claimedBy ?? null;
  const claimerRow =
    claimer === null
      ? sql`select null::uuid as id`
      : 'tokenHash' in claimer
        ? sql`select id from api_tokens where token_hash = ${claimer.tokenHash} and revoked_at is null and role in ('runner', 'admin')`
        : sql`select ${claimer.tokenId}::uuid as id`;
  const result = await db.execute(sql`with claimer as (
      ${claimerRow}
    ), next as (
      select id from jobs where status = 'QUEUED' and exists (select 1 from claimer)
      order by priority desc, created_at, id limit 1 for update skip locked
    ), claimed as (
      update jobs set status = 'LEASED', attempt = jobs.attempt + 1, fencing_token = jobs.fencing_token + 1,
        lease_expires_at = now() + make_interval(secs => ${opts.leaseSeconds}), runner_name = ${opts.runner},
        claimed_by = (select id from claimer), progress = '{}'::jsonb, progress_mark = null, progressed_at = now(), updated_at = now()
      from next where jobs.id = next.id
      returning jobs.*
    ), running as (
      update submissions set status = 'RUNNING', updated_at = now()
      from claimed where submissions.id = claimed.submission_id and submissions.status = 'QUEUED'
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select submission_id, id, 'LEASED', ${`claimed by runner "${opts.runner}"`}, attempt from claimed
    )
    select * from claimed`);
  const [row] = rowsOf(result);
  return row ? jobRowFrom(row) : null;
}
