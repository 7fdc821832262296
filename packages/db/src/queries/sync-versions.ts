import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { protocolVersions, taskVersions } from '../schema';
import { rowsOf } from './job-row';
import { atMoment } from './result-state';

export interface DeclaredVersions {
  protocols: readonly { id: string; version: number }[];
  tasks: readonly { slug: string; version: number }[];
}

export interface SyncedVersions {
  /** Versions seen for the first time by this sync (the ones that make older results stale). */
  newProtocols: { id: string; version: number }[];
  newTasks: { slug: string; version: number }[];
}

/**
 * Records the protocol and task versions the code declares, each with the time it was first
 * seen. Idempotent and safe when several API replicas start at once: a version already recorded
 * keeps its first time (insert … on conflict do nothing), and only the replica whose insert won
 * sees it as new. A new version makes results stale, so it bumps the results' data version (in
 * the same transaction): boards and cached responses of now, kept per data version by every
 * replica, are rebuilt rather than still ranking the now-stale results.
 */
export async function syncVersions(db: Db, declared: DeclaredVersions): Promise<SyncedVersions> {
  return db.transaction(async (tx) => recordVersions(tx as unknown as Db, declared));
}

async function recordVersions(db: Db, declared: DeclaredVersions): Promise<SyncedVersions> {
  const newProtocols = declared.protocols.length
    ? await db
        .insert(protocolVersions)
        .values(declared.protocols.map((p) => ({ protocolId: p.id, version: p.version })))
        .onConflictDoNothing()
        .returning({ id: protocolVersions.protocolId, version: protocolVersions.version })
    : [];
  const newTasks = declared.tasks.length
    ? await db
        .insert(taskVersions)
        .values(declared.tasks.map((t) => ({ taskSlug: t.slug, version: t.version })))
        .onConflictDoNothing()
        .returning({ slug: taskVersions.taskSlug, version: taskVersions.version })
    : [];
  if (newProtocols.length || newTasks.length) {
    await db.execute(sql`insert into data_versions (key, version) values ('results', 1)
      on conflict (key) do update set version = data_versions.version + 1, updated_at = now()`);
  }
  return { newProtocols, newTasks };
}

/**
 * The latest change at or before T (default now) of what a results read shows: a result stored
 * or replaced, a version introduced. In whole seconds, rounded up, so that asOf = this includes
 * the change (timestamps are stored in microseconds) and survives a form's date-time input.
 */
export async function findDataAsOf(db: Db, asOf?: Date): Promise<Date | null> {
  const t = atMoment(asOf);
  const rows = await db.execute(sql`select ceil(extract(epoch from greatest(
      (select max(created_at) from results where created_at <= ${t}),
      (select max(superseded_at) from results where superseded_at <= ${t}),
      (select max(introduced_at) from protocol_versions where introduced_at <= ${t}),
      (select max(introduced_at) from task_versions where introduced_at <= ${t})
    )))::float8 * 1000 as ms`);
  const ms = rowsOf(rows)[0]?.ms as number | string | null | undefined;
  return ms === null || ms === undefined ? null : new Date(Number(ms));
}
