import DataLoader from 'dataloader';
import type { Db } from '@transferboard/db/client';
import { authenticateApiToken, type AuthenticatedToken } from '@transferboard/db/queries/authenticate-api-token';
import { findModelsByIds, type ModelRow } from '@transferboard/db/queries/find-model';
import { findSubmissionsByIds } from '@transferboard/db/queries/find-submissions-by-ids';
import type { SubmissionRow } from '@transferboard/db/queries/create-submission';
import { listJobsBySubmission } from '@transferboard/db/queries/list-jobs-by-submission';
import { listTaskOutcomes, type TaskOutcomeRow } from '@transferboard/db/queries/list-task-outcomes';
import { listStatusEvents, type StatusEventRow } from '@transferboard/db/queries/list-status-events';
import { listSuites } from '@transferboard/db/queries/list-suites';
import { listTasks } from '@transferboard/db/queries/list-tasks';
import type { JobRow } from '@transferboard/db/queries/lock-fenced-job';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import type { suites } from '@transferboard/db/schema';
import type { Logger } from 'pino';
import { hashToken, parseBearer, type Bearer } from './auth/tokens';

export interface ApiContext {
  db: Db;
  requestId: string;
  log: Logger;
  loaders: Loaders;
  /** What the Authorization header holds (checked lazily: only writes need a token). */
  bearer: Bearer;
  /** The caller's live token, looked up once per request; null without a valid one. */
  auth: () => Promise<AuthenticatedToken | null>;
  /** How long a claimed job's lease lasts before it must heartbeat. */
  leaseSeconds: number;
  /** How long a job may go without progress before its heartbeat takes it back (null: never). */
  stallSeconds: number | null;
  /**
   * Set when a write's own SQL found the caller's token to be a live runner or admin token
   * (`bearerTokenHash`), so fields only those roles may read need no token lookup of their own.
   */
  runnerVerified: boolean;
}

export interface Loaders {
  modelById: DataLoader<string, ModelRow | null>;
  /** Every task, loaded once per request: there are tens of tasks, so one statement serves all. */
  tasks: () => Promise<Map<string, TaskRow>>;
  /** Every suite (without tasks), once per request. */
  suites: () => Promise<Map<string, typeof suites.$inferSelect>>;
  submissionById: DataLoader<string, SubmissionRow | null>;
  eventsBySubmission: DataLoader<string, StatusEventRow[]>;
  jobsBySubmission: DataLoader<string, JobRow[]>;
  /** Why tasks of a job have no result (failed, data missing, not run). */
  taskOutcomesByJob: DataLoader<string, TaskOutcomeRow[]>;
}

function groupBy<T>(ids: readonly string[], rows: T[], key: (row: T) => string): T[][] {
  const by = new Map<string, T[]>();
  for (const row of rows) by.set(key(row), [...(by.get(key(row)) ?? []), row]);
  return ids.map((id) => by.get(id) ?? []);
}

/** Per-request batching loaders: many models or tasks in a response cost one statement each. */
export function createLoaders(db: Db): Loaders {
  let tasks: Promise<Map<string, TaskRow>> | undefined;
  let allSuites: Promise<Map<string, typeof suites.$inferSelect>> | undefined;
  return {
    modelById: new DataLoader(async (ids) => {
      const rows = await findModelsByIds(db, ids);
      const byId = new Map(rows.map((m) => [m.id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    tasks: () => (tasks ??= listTasks(db).then((rows) => new Map(rows.map((t) => [t.slug, t])))),
    suites: () => (allSuites ??= listSuites(db).then((rows) => new Map(rows.map((s) => [s.slug, s])))),
    submissionById: new DataLoader(async (ids) => {
      const byId = new Map((await findSubmissionsByIds(db, ids)).map((s) => [s.id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    eventsBySubmission: new DataLoader(async (ids) => groupBy(ids, await listStatusEvents(db, ids), (e) => e.submissionId)),
    jobsBySubmission: new DataLoader(async (ids) => groupBy(ids, await listJobsBySubmission(db, ids), (j) => j.submissionId)),
    taskOutcomesByJob: new DataLoader(async (ids) => groupBy(ids, await listTaskOutcomes(db, [...ids]), (o) => o.jobId)),
  };
}

export function createContext(opts: {
  db: Db; requestId: string; log: Logger; authorization?: string | null; leaseSeconds: number; stallSeconds?: number | null;
}): ApiContext {
  const bearer = parseBearer(opts.authorization);
  let auth: Promise<AuthenticatedToken | null> | undefined;
  return {
    db: opts.db,
    requestId: opts.requestId,
    log: opts.log,
    loaders: createLoaders(opts.db),
    bearer,
    auth: () => (auth ??= bearer.kind === 'token' ? authenticateApiToken(opts.db, hashToken(bearer.token)) : Promise.resolve(null)),
    leaseSeconds: opts.leaseSeconds,
    stallSeconds: opts.stallSeconds ?? null,
    runnerVerified: false,
  };
}
