import type { BoardSource } from './board/board-load';
import type { BoardIntervals } from './board/intervals';
import type { SortableBoard } from './board/board-rows';
import type { SuiteWithTasks, TaskRow } from '@transferboard/db/queries/find-suite';
import type { ModelRow } from '@transferboard/db/queries/find-model';
import type { ResultRow } from '@transferboard/db/queries/list-results';
import type { suites } from '@transferboard/db/schema';
import type { SubmissionRow } from '@transferboard/db/queries/create-submission';
import type { JobRow } from '@transferboard/db/queries/lock-fenced-job';
import type { StatusEventRow } from '@transferboard/db/queries/list-status-events';
import type { ArtifactRow } from '@transferboard/db/queries/find-artifact';
import type { Aggregate, CategoryScore } from '@transferboard/suite/aggregate';
import type { ProtocolKey, ReferenceReason } from '@transferboard/suite/comparability';
import type { AnalysisGroupDef, ResultSource, TaskCategory } from '@transferboard/suite/types';

/** What resolvers hand down to nested resolvers: database rows, not GraphQL shapes. */
export type SuiteParent = typeof suites.$inferSelect & { tasks?: TaskRow[] };
export type TaskParent = TaskRow;
export type ModelParent = ModelRow;
export type ResultParent = ResultRow;

interface LeaderboardCellParent {
  taskSlug: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  protocolId: string | null;
  protocolVersion: number | null;
  comparable: boolean;
  rank: number | null;
  rankedAmong: number | null;
  stale: boolean;
  staleReason: string | null;
}

export interface LeaderboardRowParent {
  rank: number | null;
  rankedAmong: number | null;
  rankTied: boolean;
  /** The row's model, read with the board (a change to models bumps the data version too). */
  model?: ModelRow;
  basis: TaskCategory[];
  score: number | null;
  modelId: string;
  source: ResultSource;
  categoryScores: CategoryScore[];
  cells: LeaderboardCellParent[];
  completeness: { tasksWithResults: number; tasks: number };
  /** The board's intervals, shared by every row (in-process on first use, or from a worker thread). */
  rankIntervals: BoardIntervals;
  rowKey: string;
}

export interface LeaderboardColumnParent {
  task: TaskRow;
  referenceProtocol: ProtocolKey | null;
  referenceReason: ReferenceReason | null;
}

export interface LeaderboardParent {
  suite: SuiteWithTasks;
  category: TaskCategory | null;
  aggregate: Aggregate;
  source: ResultSource | null;
  tasks: TaskRow[];
  columns: LeaderboardColumnParent[];
  rows: LeaderboardRowParent[];
  /** The moment asked for (undefined: now) and whether stale results were ranked. */
  asOf: Date | undefined;
  includeStale: boolean;
  /** The view's board as the store keeps it (board/board-store.ts): rowsPage pages through it. */
  board: BuiltBoard;
}

/** A view's leaderboard, built once per data version (resolvers/leaderboard.ts). */
export interface BuiltBoard extends SortableBoard {
  columns: LeaderboardColumnParent[];
  /** What the board was made of, for the next data version's incremental update (board/board-load.ts). */
  source: BoardSource;
  /** The build worker's token for this board's cells and rows, so the next build sends only changes (null: built in-process). */
  buildToken: number | null;
  intervals: BoardIntervals;
  families: string[];
}

export interface AnalysisGroupParent {
  group: AnalysisGroupDef;
  protocol: ProtocolKey;
}

export interface TaskRankingEntryParent {
  modelId: string;
  source: ResultSource;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
  protocolId: string;
  protocolVersion: number;
  comparable: boolean;
  rank: number;
  rankedAmong: number;
  /** The stored result, for its provenance. */
  result: ResultRow;
}

export interface TaskRankingParent {
  referenceProtocol: ProtocolKey | null;
  referenceReason: ReferenceReason | null;
  entries: TaskRankingEntryParent[];
}

export type SubmissionParent = SubmissionRow;
export type JobParent = JobRow;
export type StatusEventParent = StatusEventRow;
export type ArtifactParent = Pick<ArtifactRow, 'id' | 'sha256' | 'size'>;

export interface TaskProgressParent {
  taskSlug: string;
  status: 'PENDING' | 'RUNNING' | 'DONE' | 'FAILED' | 'NOT_RUN' | 'NOT_MEASURABLE';
  reason: string | null;
  failures: number;
}

export interface CorrelationPointParent {
  modelId: string;
  source: ResultSource;
  x: number;
  y: number;
}

export interface CorrelationParent {
  suite: SuiteWithTasks;
  group: AnalysisGroupParent | null;
  pooledProtocols: (ProtocolKey | null)[];
  category: TaskCategory | null;
  task: TaskRow | null;
  metric: string | null;
  method: 'PEARSON' | 'SPEARMAN';
  coefficient: number | null;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
  fit: { slope: number; intercept: number } | null;
  /** Every point, sorted by model slug then source; `Correlation.points` returns a bounded selection. */
  points: CorrelationPointParent[];
}
