import { sql, type SQL } from 'drizzle-orm';
import { results } from '../schema';

/**
 * The state of the results table at a moment: which rows were current then, and which of those
 * were stale then. Every read of results that takes `asOf` builds on these two expressions, so
 * the leaderboard, a model's results and the exports agree on what "as of T" means.
 *
 * T is a timestamptz parameter; without one, now (the current rows, stale as of now).
 */
export function atMoment(asOf?: Date): SQL {
  return asOf ? sql`${asOf.toISOString()}::timestamptz` : sql`now()`;
}

/** Rows created at or before T and not superseded by T; without asOf the current rows. */
export function currentAt(asOf?: Date): SQL {
  if (!asOf) return sql`${results.supersededAt} is null`;
  const t = atMoment(asOf);
  return sql`(${results.createdAt} <= ${t} and (${results.supersededAt} is null or ${results.supersededAt} > ${t}))`;
}

/**
 * Why a measured result is stale at T, or null: a newer version of its protocol (or of its task)
 * was introduced at or before T (protocol_versions / task_versions, synced from packages/suite on
 * start). Reported (paper) numbers are never stale: they are what the paper reported.
 * e.g. "protocol linear-lbfgs v1 → v2 on 2026-12-03".
 */
export function staleReason(asOf?: Date): SQL<string | null> {
  const t = atMoment(asOf);
  // The version tables' columns are renamed in FROM: drizzle writes a one-table select's columns
  // unqualified ("protocol_id"), which would otherwise name the subquery's own column.
  return sql<string | null>`case when ${results.source} = 'measured' then coalesce(
    (select 'protocol ' || pv.pv_id || ' v' || ${results.protocolVersion} || ' → v' || pv.pv_version || ' on '
        || to_char(pv.pv_at at time zone 'UTC', 'YYYY-MM-DD')
      from protocol_versions as pv(pv_id, pv_version, pv_at)
      where pv.pv_id = ${results.protocolId} and pv.pv_version > ${results.protocolVersion} and pv.pv_at <= ${t}
      order by pv.pv_version desc limit 1),
    (select 'task ' || tv.tv_slug || ' v' || ${results.taskVersion} || ' → v' || tv.tv_version || ' on '
        || to_char(tv.tv_at at time zone 'UTC', 'YYYY-MM-DD')
      from task_versions as tv(tv_slug, tv_version, tv_at)
      where tv.tv_slug = ${results.taskSlug} and tv.tv_version > ${results.taskVersion} and tv.tv_at <= ${t}
      order by tv.tv_version desc limit 1)
  ) end`;
}

/**
 * Parses an ISO 8601 date or date-time (a date alone is its 00:00 UTC; no zone means UTC); null
 * when it is not one. A moment after now is now: the future has no other state.
 */
export function parseAsOf(value: string, now: Date = new Date()): Date | null {
  const text = value.trim();
  const m = ISO_8601.exec(text);
  if (!m) return null;
  // A date-time without a zone (what a browser's datetime-local input sends) is UTC, not the server's zone.
  const t = new Date(m[1] && !m[4] ? `${text}Z` : text);
  if (Number.isNaN(t.getTime())) return null;
  return t.getTime() > now.getTime() ? now : t;
}

/** A date (2026-12-03), or a date-time with optional seconds, fraction and zone (Z or ±hh:mm). */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export const AS_OF_FORMAT = 'an ISO 8601 date or date-time, e.g. 2026-12-03 or 2026-12-03T14:00:00Z';

/**
 * Whether the model has a current measured result of `metric` on the task that is not stale now
 * (no newer version of its protocol or task recorded): what "measured" means for a job's progress,
 * its completeness and the runner's tasks to skip. A stale result is there, but is to be measured
 * again. Arguments are SQL expressions of the enclosing query.
 */
export function freshMeasuredResultExists(modelId: SQL, taskSlug: SQL, metric: SQL): SQL<boolean> {
  return sql<boolean>`exists (select 1 from results fr where fr.model_id = ${modelId} and fr.task_slug = ${taskSlug}
    and fr.metric = ${metric} and fr.source = 'measured' and fr.superseded_at is null
    and not exists (select 1 from protocol_versions pv where pv.protocol_id = fr.protocol_id and pv.version > fr.protocol_version)
    and not exists (select 1 from task_versions tv where tv.task_slug = fr.task_slug and tv.version > fr.task_version))`;
}
