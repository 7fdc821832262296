import DataLoader from 'dataloader';
import type { Db } from '@transferboard/db/client';
import type { SubmissionRow } from '@transferboard/db/queries/create-submission';
import { findArtifactsByIds } from '@transferboard/db/queries/find-artifacts-by-ids';
import type { ArtifactRow } from '@transferboard/db/queries/find-artifact';
import { findModelInspections } from '@transferboard/db/queries/find-model-inspections';
import { listModelThroughput, type ModelThroughput } from '@transferboard/db/queries/list-model-throughput';
import { findModelsByIds, findModelsBySlugs, type ModelRow } from '@transferboard/db/queries/find-model';
import { findQueuePositions } from '@transferboard/db/queries/find-queue-positions';
import { findSubmissionsByIds } from '@transferboard/db/queries/find-submissions-by-ids';
import type { SuiteWithTasks, TaskRow } from '@transferboard/db/queries/find-suite';
import { listJobsBySubmission } from '@transferboard/db/queries/list-jobs-by-submission';
import { listStatusEvents, type StatusEventRow } from '@transferboard/db/queries/list-status-events';
import { listSubmissionsProgress, type TaskProgress } from '@transferboard/db/queries/list-submission-progress';
import { listSuites } from '@transferboard/db/queries/list-suites';
import { listTasks } from '@transferboard/db/queries/list-tasks';
import { listTasksBySuites } from '@transferboard/db/queries/list-tasks-by-suites';
import { listTaskOutcomes, type TaskOutcomeRow } from '@transferboard/db/queries/list-task-outcomes';
import type { JobRow } from '@transferboard/db/queries/lock-fenced-job';
import type { ResultRow } from '@transferboard/db/queries/list-results';
import type { suites } from '@transferboard/db/schema';
import { BATCH_OPTIONS, sliced } from './batch-options';
import { createPrimaryResultsByTaskLoader, type PrimaryResultsKey } from './primary-results-by-task';
import { createResultsByModelLoader, type ResultsKey } from './results-by-model';

type SuiteRow = typeof suites.$inferSelect;

/**
 * Per-request batching: every parent→child field of the schema reads through one of these, so a
 * response with N parents costs one statement per kind of child, never one per parent. Each is
 * created per request (no data outlives the request, and no caller sees another's).
 */
export interface Loaders {
  modelById: DataLoader<string, ModelRow | null>;
  modelBySlug: DataLoader<string, ModelRow | null>;
  /** Every task, loaded once per request: there are tens of tasks, so one statement serves all. */
  tasks: () => Promise<Map<string, TaskRow>>;
  /**
   * The task map once `tasks()` has loaded it, else null: resolvers of large lists (a task per
   * result) answer synchronously from it, sparing a promise per item.
   */
  tasksLoaded: () => Map<string, TaskRow> | null;
  /** A model `modelById` has loaded already in this request, without a promise; undefined if not (yet). */
  modelLoaded: (id: string) => ModelRow | undefined;
  /** Every suite (without tasks), once per request. */
  suites: () => Promise<Map<string, SuiteRow>>;
  /** A suite's tasks in suite order. */
  tasksBySuite: DataLoader<string, TaskRow[]>;
  /** A suite with its tasks, or null for an unknown slug. */
  suiteBySlug: DataLoader<string, SuiteWithTasks | null>;
  /** A model's results under one filter (suite, task, source): a statement per filter and 16 models. */
  resultsByModel: DataLoader<ResultsKey, ResultRow[], string>;
  /** A task's primary-metric results under one source filter (Task.ranking): a statement per 16 tasks. */
  primaryResultsByTask: DataLoader<PrimaryResultsKey, ResultRow[], string>;
  submissionById: DataLoader<string, SubmissionRow | null>;
  artifactById: DataLoader<string, ArtifactRow | null>;
  eventsBySubmission: DataLoader<string, StatusEventRow[]>;
  jobsBySubmission: DataLoader<string, JobRow[]>;
  /** Why tasks of a job have no result (failed, data missing, not run). */
  taskOutcomesByJob: DataLoader<string, TaskOutcomeRow[]>;
  /** Per task of the suite, whether the model has its measured result (Submission.progress). */
  progressBySubmission: DataLoader<SubmissionRow, TaskProgress[], string>;
  /** A queued job's place in line; null once it is not queued. */
  queuePositionByJob: DataLoader<string, number | null>;
  /** What the intake recorded of a model's file (its newest submission's artifact); null for the paper's models. */
  inspectionByModel: DataLoader<string, Record<string, unknown> | null>;
  /** A model's throughput measurements per device, precision and batch size, newest first. */
  throughputByModel: DataLoader<string, ModelThroughput[]>;
}

function groupBy<K, T>(keys: readonly K[], rows: T[], key: (row: T) => K): T[][] {
  const by = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = by.get(k);
    if (list) list.push(row);
    else by.set(k, [row]);
  }
  return keys.map((k) => by.get(k) ?? []);
}

function byKey<T, K>(keys: readonly K[], rows: T[], key: (row: T) => K): (T | null)[] {
  const map = new Map(rows.map((r) => [key(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}

export function createLoaders(db: Db): Loaders {
  let tasks: Promise<Map<string, TaskRow>> | undefined;
  let taskMap: Map<string, TaskRow> | null = null;
  const models = new Map<string, ModelRow>();
  let allSuites: Promise<Map<string, SuiteRow>> | undefined;
  const loadSuites = () => (allSuites ??= listSuites(db).then((rows) => new Map(rows.map((s) => [s.slug, s]))));
  const tasksBySuite = new DataLoader<string, TaskRow[]>(
    sliced(async (slugs) =>
      groupBy(slugs, await listTasksBySuites(db, slugs), (r) => r.suiteSlug).map((rows) => rows.map((r) => r.task)),
    ),
    BATCH_OPTIONS,
  );
  return {
    modelById: new DataLoader(
      sliced(async (ids) => {
        const rows = await findModelsByIds(db, ids);
        for (const m of rows) models.set(m.id, m);
        return byKey(ids, rows, (m) => m.id);
      }),
      BATCH_OPTIONS,
    ),
    modelLoaded: (id) => models.get(id),
    modelBySlug: new DataLoader(
      sliced(async (slugs) => byKey(slugs, await findModelsBySlugs(db, slugs), (m) => m.slug)),
      BATCH_OPTIONS,
    ),
    tasks: () => (tasks ??= listTasks(db).then((rows) => (taskMap = new Map(rows.map((t) => [t.slug, t]))))),
    tasksLoaded: () => taskMap,
    suites: loadSuites,
    tasksBySuite,
    suiteBySlug: new DataLoader(
      sliced(async (slugs) => {
        const known = await loadSuites();
        const found = slugs.filter((s) => known.has(s));
        const suiteTasks = await tasksBySuite.loadMany(found);
        const withTasks = new Map(found.map((s, i) => [s, suiteTasks[i]]));
        return slugs.map((s) => {
          const suite = known.get(s);
          const list = withTasks.get(s);
          if (!suite || !list || list instanceof Error) return list instanceof Error ? list : null;
          return { ...suite, tasks: list };
        });
      }),
      BATCH_OPTIONS,
    ),
    resultsByModel: createResultsByModelLoader(db),
    primaryResultsByTask: createPrimaryResultsByTaskLoader(db),
    submissionById: new DataLoader(
      sliced(async (ids) => byKey(ids, await findSubmissionsByIds(db, ids), (s) => s.id)),
      BATCH_OPTIONS,
    ),
    artifactById: new DataLoader(
      sliced(async (ids) => byKey(ids, await findArtifactsByIds(db, ids), (a) => a.id)),
      BATCH_OPTIONS,
    ),
    eventsBySubmission: new DataLoader(
      sliced(async (ids) => groupBy(ids, await listStatusEvents(db, ids), (e) => e.submissionId)),
      BATCH_OPTIONS,
    ),
    jobsBySubmission: new DataLoader(
      sliced(async (ids) => groupBy(ids, await listJobsBySubmission(db, ids), (j) => j.submissionId)),
      BATCH_OPTIONS,
    ),
    taskOutcomesByJob: new DataLoader(
      sliced(async (ids) => groupBy(ids, await listTaskOutcomes(db, [...ids]), (o) => o.jobId)),
      BATCH_OPTIONS,
    ),
    progressBySubmission: new DataLoader(
      sliced(async (subs) =>
        listSubmissionsProgress(
          db,
          subs.map((s) => ({ modelId: s.modelId, suiteSlug: s.suiteSlug })),
        ),
      ),
      // Tasks × submissions rows: at most 25 submissions a statement (see results-by-model.ts).
      { ...BATCH_OPTIONS, maxBatchSize: 25, cacheKeyFn: (s) => s.id },
    ),
    queuePositionByJob: new DataLoader(
      sliced(async (ids) => {
        const positions = await findQueuePositions(db, ids);
        return ids.map((id) => positions.get(id) ?? null);
      }),
      BATCH_OPTIONS,
    ),
    inspectionByModel: new DataLoader(
      sliced(async (ids) =>
        byKey(ids, await findModelInspections(db, ids), (r) => r.modelId).map((r) => r?.inspection ?? null),
      ),
      BATCH_OPTIONS,
    ),
    throughputByModel: new DataLoader(
      sliced(async (ids) => groupBy(ids, await listModelThroughput(db, ids), (r) => r.modelId)),
      BATCH_OPTIONS,
    ),
  };
}
