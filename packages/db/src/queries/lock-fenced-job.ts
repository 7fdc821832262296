import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, jobs } from '../schema';

export type JobRow = typeof jobs.$inferSelect;

export type FencedJob =
  | { ok: true; job: JobRow }
  | { ok: false; reason: 'not_found' }
  /** The writer named its token by hash, and no live runner or admin token has it. */
  | { ok: false; reason: 'unauthorized' }
  | { ok: false; reason: 'stale' | 'not_claimer'; job: JobRow }
  /** The heartbeat found no progress for the stall time: the job was taken back (queued again or failed). */
  | { ok: false; reason: 'stalled'; job: JobRow };

/**
 * Who is writing to a job: the API token's id, and whether it is an admin token. A leased job
 * takes runner writes only from the token that claimed it (`jobs.claimed_by`); an admin token
 * may act on any job. Jobs leased before `claimed_by` existed (null) take any runner token.
 */
export interface ResolvedWriter {
  tokenId: string | null;
  admin: boolean;
}

/**
 * A writer named by its token's sha256, for the hot paths: the write's own SQL checks that a live
 * runner or admin token has it, saving the round trip of looking the token up first.
 */
export interface TokenHashWriter {
  tokenHash: string;
}

export type JobWriter = ResolvedWriter | TokenHashWriter;

/** The token behind a writer, looked up when it was named by hash; null when no live runner or admin token has it. */
export async function resolveWriter(db: Db, writer: JobWriter): Promise<ResolvedWriter | null> {
  if (!('tokenHash' in writer)) return writer;
  const [token] = await db
    .select({ id: apiTokens.id, role: apiTokens.role })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, writer.tokenHash), isNull(apiTokens.revokedAt)));
  return token && token.role !== 'submitter' ? { tokenId: token.id, admin: token.role === 'admin' } : null;
}

/**
 * The fence as an SQL condition on the `jobs` row (for single-statement writes, whose row lock
 * re-checks it against the latest row version): leased or running, the latest fencing token, and
 * a writer who may write.
 *
 * A lease is lost when the queue takes the job back (the sweeper, a stall, a cancel), not the
 * instant `lease_expires_at` passes: until a sweep re-queues it nobody else can claim the job and
 * the fencing token is still the latest, so the holder's late heartbeat safely renews it. That is
 * what lets a runner keep its job through an API outage (see apps/api/src/queue/lease-sweeper.ts).
 */
export function fenceCondition(jobId: string, fencingToken: number, writer: JobWriter): SQL {
  const mayWrite =
    'tokenHash' in writer
      ? sql`exists (select 1 from api_tokens t where t.token_hash = ${writer.tokenHash} and t.revoked_at is null
        and (t.role = 'admin' or (t.role = 'runner' and (jobs.claimed_by is null or jobs.claimed_by = t.id))))`
      : writer.admin
        ? sql`true`
        : sql`(jobs.claimed_by is null or jobs.claimed_by = ${writer.tokenId})`;
  return sql`jobs.id = ${jobId} and jobs.fencing_token = ${fencingToken} and jobs.status in ('LEASED', 'RUNNING') and ${mayWrite}`;
}

function isLive(job: JobRow): boolean {
  return job.status === 'LEASED' || job.status === 'RUNNING';
}

/**
 * The fence, in TypeScript, on a job's current row: `stale` when the job was taken back or the
 * fencing token is not the latest (the runner must stop), `not_claimer` when the lease is live but another
 * token claimed it.
 */
export function checkFence(job: JobRow, fencingToken: number, writer: ResolvedWriter): FencedJob {
  if (!isLive(job) || job.fencingToken !== fencingToken) return { ok: false, reason: 'stale', job };
  if (!writer.admin && job.claimedBy !== null && job.claimedBy !== writer.tokenId)
    return { ok: false, reason: 'not_claimer', job };
  return { ok: true, job };
}

/**
 * Why a single-statement fenced write (its fence in SQL) wrote nothing: the job's current row,
 * read again (the rare path). A row that passes the fence now changed between the two reads:
 * `stale` too, and the runner stops.
 */
export async function explainRefusal(
  db: Db,
  jobId: string,
  fencingToken: number,
  writer: JobWriter,
): Promise<FencedJob & { ok: false }> {
  const resolved = await resolveWriter(db, writer);
  if (!resolved) return { ok: false, reason: 'unauthorized' };
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  if (!job) return { ok: false, reason: 'not_found' };
  const fence = checkFence(job, fencingToken, resolved);
  return fence.ok ? { ok: false, reason: 'stale', job } : fence;
}

/**
 * Locks a job for a runner's write (inside the caller's transaction) and checks the fence: the
 * job must be leased or running (not yet taken back), the runner's fencing token the latest, and
 * the writer the token that claimed it (or an admin). A runner whose lease was lost (expired,
 * re-claimed, cancelled) gets `stale` and writes nothing; another token gets `not_claimer`.
 */
export async function lockFencedJob(
  tx: Db,
  jobId: string,
  fencingToken: number,
  writer: JobWriter,
): Promise<FencedJob> {
  const resolved = await resolveWriter(tx, writer);
  if (!resolved) return { ok: false, reason: 'unauthorized' };
  const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) return { ok: false, reason: 'not_found' };
  return checkFence(job, fencingToken, resolved);
}
