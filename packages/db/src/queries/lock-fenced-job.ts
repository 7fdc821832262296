import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, jobs } from '../schema';

export type JobRow = typeof jobs.$inferSelect;

export type FencedJob =
  | { ok: true; job: JobRow }
  | { ok: false; reason: 'not_found' }
  /** The writer named its token by hash, and no live runner or admin token has it. */
  | { ok: false; reason: 'unauthorized' }
  | { ok: false; reason: 'stale' | 'not_claimer'; job: JobRow };

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
  const [token] = await db.select({ id: apiTokens.id, role: apiTokens.role }).from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, writer.tokenHash), isNull(apiTokens.revokedAt)));
  return token && token.role !== 'submitter' ? { tokenId: token.id, admin: token.role === 'admin' } : null;
}

/**
 * The fence as an SQL condition on the `jobs` row (for single-statement writes, whose row lock
 * re-checks it against the latest row version): leased or running, lease unexpired, the latest
 * fencing token, and a writer who may write.
 */
export function fenceCondition(jobId: string, fencingToken: number, writer: JobWriter): SQL {
  const mayWrite = 'tokenHash' in writer
    ? sql`exists (select 1 from api_tokens t where t.token_hash = ${writer.tokenHash} and t.revoked_at is null
        and (t.role = 'admin' or (t.role = 'runner' and (jobs.claimed_by is null or jobs.claimed_by = t.id))))`
    : writer.admin ? sql`true` : sql`(jobs.claimed_by is null or jobs.claimed_by = ${writer.tokenId})`;
  return sql`jobs.id = ${jobId} and jobs.fencing_token = ${fencingToken} and jobs.status in ('LEASED', 'RUNNING')
    and jobs.lease_expires_at > now() and ${mayWrite}`;
}

function isLive(job: JobRow): boolean {
  return (job.status === 'LEASED' || job.status === 'RUNNING') && job.leaseExpiresAt !== null && job.leaseExpiresAt.getTime() > Date.now();
}

/**
 * The fence, in TypeScript, on a job's current row: `stale` when the lease is gone or the fencing
 * token is not the latest (the runner must stop), `not_claimer` when the lease is live but another
 * token claimed it.
 */
export function checkFence(job: JobRow, fencingToken: number, writer: ResolvedWriter): FencedJob {
  if (!isLive(job) || job.fencingToken !== fencingToken) return { ok: false, reason: 'stale', job };
  if (!writer.admin && job.claimedBy !== null && job.claimedBy !== writer.tokenId) return { ok: false, reason: 'not_claimer', job };
  return { ok: true, job };
}

/**
 * Why a single-statement fenced write (its fence in SQL) wrote nothing: the job's current row,
 * read again (the rare path). A row that passes the fence now changed between the two reads (a
 * lease that expired in between is the usual case): `stale` too, and the runner stops.
 */
export async function explainRefusal(db: Db, jobId: string, fencingToken: number, writer: JobWriter): Promise<FencedJob & { ok: false }> {
  const resolved = await resolveWriter(db, writer);
  if (!resolved) return { ok: false, reason: 'unauthorized' };
  const [job] = await db.select().from(jobs).where(eq(jobs.id, jobId));
  if (!job) return { ok: false, reason: 'not_found' };
  const fence = checkFence(job, fencingToken, resolved);
  return fence.ok ? { ok: false, reason: 'stale', job } : fence;
}

/**
 * Locks a job for a runner's write (inside the caller's transaction) and checks the fence: the
 * job must be leased or running, its lease unexpired, the runner's fencing token the latest, and
 * the writer the token that claimed it (or an admin). A runner whose lease was lost (expired,
 * re-claimed, cancelled) gets `stale` and writes nothing; another token gets `not_claimer`.
 */
export async function lockFencedJob(tx: Db, jobId: string, fencingToken: number, writer: JobWriter): Promise<FencedJob> {
  const resolved = await resolveWriter(tx, writer);
  if (!resolved) return { ok: false, reason: 'unauthorized' };
  const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) return { ok: false, reason: 'not_found' };
  return checkFence(job, fencingToken, resolved);
}
