import { resultSource } from '@transferboard/db/schema';
import { MAX_SPATIAL_OUTPUTS } from '@transferboard/onnx-intake/declaration';
import { registry } from '@transferboard/suite/registry';
import { TASK_CATEGORIES } from '@transferboard/suite/types';
import { BOARD_PAGE_SIZE } from '../board/board-page';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../resolvers/pagination';
import type { ListSizes } from './list-sizes';

/**
 * The most items each list field of the schema can return, from its arguments, the suite
 * registry (tasks and their metrics, which change only with a release) and the live list sizes
 * (models, submissions, status events, which grow). The cost analysis multiplies a list's
 * children by this bound. Every list field of the schema must be here: a test walks the schema
 * and fails on one that is not, so a new list cannot slip in counted as 1.
 */
export type Bound = (args: Record<string, unknown>, sizes: ListSizes) => number;

const SOURCES = resultSource.enumValues.length;
const metricsOf = (slug: string) => 1 + registry.task(slug).secondaryMetrics.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Every (task, metric) pair a model can have a result for. */
const ALL_METRICS = sum(registry.tasks.map((t) => metricsOf(t.slug)));
const MAX_SECONDARY = Math.max(...registry.tasks.map((t) => t.secondaryMetrics.length));
const suiteDefs = registry.suites;
/** The most analysis groups of a suite, tasks of a group, and evidence lines of a provenance. */
const MAX_GROUPS = Math.max(0, ...suiteDefs.map((s) => s.analysisGroups.length));
const MAX_GROUP_TASKS = Math.max(0, ...suiteDefs.flatMap((s) => s.analysisGroups.map((g) => g.taskSlugs.length)));
/** The most tasks one category has in a suite. */
const MAX_CATEGORY_TASKS = Math.max(
  0,
  ...suiteDefs.flatMap((s) =>
    TASK_CATEGORIES.map((c) => s.taskSlugs.filter((t) => registry.task(t).category === c).length),
  ),
);
const MAX_EVIDENCE = Math.max(
  0,
  ...suiteDefs.flatMap((s) => [s.provenance.evidenceFor.length, s.provenance.evidenceAgainst.length]),
);

/** A page: `first` (or its default), never more than the page limit or than the rows that exist. */
function pageBound(first: unknown, rows: number): number {
  const n = typeof first === 'number' ? first : DEFAULT_PAGE_SIZE;
  return Math.max(0, Math.min(n, MAX_PAGE_SIZE, rows));
}

/**
 * A model's results: tasks × metrics × sources, narrowed by the filters given. Results of an
 * older protocol version can exist beside the current one's, so any excess the database holds
 * over the registry's count is added.
 */
export function resultsBound(args: Record<string, unknown>, sizes: ListSizes): number {
  const task = typeof args.task === 'string' && registry.hasTask(args.task) ? args.task : null;
  const suite = typeof args.suite === 'string' && registry.hasSuite(args.suite) ? args.suite : null;
  const metrics = task ? metricsOf(task) : suite ? sum(registry.suite(suite).taskSlugs.map(metricsOf)) : ALL_METRICS;
  const sources = args.source ? 1 : SOURCES;
  const excess = Math.max(0, sizes.resultsPerModel - ALL_METRICS * SOURCES);
  return metrics * sources + excess;
}

/** The most rows a board filter's `models` can match: one per source of each (Infinity without it). */
function namedModelsRows(filter: unknown): number {
  const models = (filter as { models?: unknown } | null | undefined)?.models;
  return Array.isArray(models) ? models.length * SOURCES : Number.POSITIVE_INFINITY;
}

/** One row per model and source that has results (a paper model re-measured appears twice). */
const boardRows: Bound = (_a, s) => s.boardRows;
const tasksPerSuite: Bound = (_a, s) => s.tasksPerSuite;

export const FIELD_BOUNDS: Record<string, Bound> = {
  'Query.suites': (_a, s) => s.suites,
  'Query.tasks': (a, s) => (a.suite ? s.tasksPerSuite : s.tasks),
  'Suite.tasks': tasksPerSuite,
  'Task.secondaryMetrics': () => MAX_SECONDARY,
  'Model.properties': (_a, s) => s.propertiesPerModel,
  'Model.spatialTensors': () => MAX_SPATIAL_OUTPUTS,
  'Model.results': resultsBound,
  'Model.costs': (_a, s) => s.costsPerModel,
  'ModelAnatomy.spatialTensors': () => MAX_SPATIAL_OUTPUTS,
  'Suite.analysisGroups': () => MAX_GROUPS,
  'AnalysisGroup.tasks': () => MAX_GROUP_TASKS,
  'SuiteProvenance.evidenceFor': () => MAX_EVIDENCE,
  'SuiteProvenance.evidenceAgainst': () => MAX_EVIDENCE,
  // Every result of the task's primary metric is an entry.
  'TaskRanking.entries': (_a, s) => s.resultsPerTaskMetric,
  // At most one fingerprint (and runner version) per current result of the task.
  'Task.datasetFingerprints': (_a, s) => s.resultsPerTaskMetric,
  'DatasetFingerprint.runnerVersions': (_a, s) => s.resultsPerTaskMetric,
  'Leaderboard.tasks': tasksPerSuite,
  'Leaderboard.columns': tasksPerSuite,
  'Leaderboard.rows': boardRows,
  'Leaderboard.families': boardRows,
  'LeaderboardRow.basis': () => TASK_CATEGORIES.length,
  'LeaderboardRow.categoryScores': () => TASK_CATEGORIES.length,
  'LeaderboardRow.cells': tasksPerSuite,
  // A row has one cell per task, so a category has at most one protocol per task.
  'CategoryScore.protocols': () => MAX_CATEGORY_TASKS,
  'Correlation.points': boardRows,
  // One per task of the setting: a group's, a task, or a category's.
  'Correlation.pooledProtocols': tasksPerSuite,
  'Submission.events': (_a, s) => s.eventsPerSubmission,
  // Every job of a submission writes a status event when it is queued: never more jobs than events.
  'Submission.jobs': (_a, s) => s.eventsPerSubmission,
  'Job.taskSlugs': tasksPerSuite,
  'Submission.progress': tasksPerSuite,
  'Job.tasks': tasksPerSuite,
};

/** Connections: the page size multiplies everything under them; their `edges` list then counts once. */
export const CONNECTION_BOUNDS: Record<string, Bound> = {
  'Query.models': (a, s) => pageBound(a.first, s.models),
  'Query.results': (a, s) => pageBound(a.first, s.results),
  'Query.submissions': (a, s) => pageBound(a.first, s.submissions),
  // A page of the board (100 when neither `first` nor `last` is given); with `filter.models`, at
  // most one row per source of each model named.
  'Leaderboard.rowsPage': (a, s) =>
    pageBound(Math.min(Number(a.first ?? a.last ?? BOARD_PAGE_SIZE), namedModelsRows(a.filter)), s.boardRows),
  // A page of a task's ranking (100 by default, as a board's).
  'TaskRanking.entriesPage': (a, s) => pageBound(a.first ?? a.last ?? BOARD_PAGE_SIZE, s.resultsPerTaskMetric),
};

export const CONNECTION_EDGES = new Set([
  'ModelConnection.edges',
  'ResultConnection.edges',
  'SubmissionConnection.edges',
  'LeaderboardRowConnection.edges',
  'TaskRankingEntryConnection.edges',
]);

/**
 * Work beyond resolving a field, in cost units, for the fields that compute. Calibrated with
 * scripts/bench/hostile/calibrate.ts (CPU per unit and per field, side by side in one run): an
 * ordinary field is about 5 µs; aggregating a leaderboard about 4 units per (row, task) cell;
 * bootstrapping rank intervals (1,000 resamples) about 24 units per cell, charged to each row
 * that asks; a correlation's bootstrap CI about 600 units per point; a task's ranking (its
 * statement and the ranking) about 16 units per entry.
 */
export const FIELD_WEIGHTS: Record<string, Bound> = {
  // Aggregating the board is done once per (view, data version) and shared (board/board-store.ts);
  // the whole board in one response still costs what it did.
  'Query.leaderboard': (_a, s) => 4 * s.tasksPerSuite,
  'Leaderboard.rows': (_a, s) => 4 * boardRows({}, s) * s.tasksPerSuite,
  // A task's ranking: its statement reads every metric of the task, then one column is ranked.
  'Task.ranking': (_a, s) => 16 * s.resultsPerTaskMetric,
  'LeaderboardRow.rankInterval': (_a, s) => 24 * s.tasksPerSuite,
  'Query.correlation': (_a, s) => 600 * boardRows({}, s),
};
