import type { SuiteWithTasks, TaskRow } from '@transferboard/db/queries/find-suite';
import type { ModelRow } from '@transferboard/db/queries/find-model';
import type { ResultRow } from '@transferboard/db/queries/list-results';
import type { suites } from '@transferboard/db/schema';
import type { SubmissionRow } from '@transferboard/db/queries/create-submission';
import type { JobRow } from '@transferboard/db/queries/lock-fenced-job';
import type { StatusEventRow } from '@transferboard/db/queries/list-status-events';
import type { ArtifactRow } from '@transferboard/db/queries/find-artifact';
import type { RankInterval } from '@transferboard/suite/rank-intervals';
import type { Aggregate } from '@transferboard/suite/aggregate';
import type { ResultSource, TaskCategory } from '@transferboard/suite/types';

/** What resolvers hand down to nested resolvers: database rows, not GraphQL shapes. */
export type SuiteParent = typeof suites.$inferSelect & { tasks?: TaskRow[] };
export type TaskParent = TaskRow;
export type ModelParent = ModelRow;
export type ResultParent = ResultRow;

export interface LeaderboardCellParent {
  taskSlug: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  protocolId: string | null;
}

export interface LeaderboardRowParent {
  rank: number | null;
  score: number | null;
  modelId: string;
  source: ResultSource;
  categoryScores: { category: TaskCategory; score: number | null; rank: number | null; tasksWithResults: number; tasks: number }[];
  cells: LeaderboardCellParent[];
  completeness: { tasksWithResults: number; tasks: number };
  /** Bootstrapped on first use and shared by every row of the leaderboard. */
  rankIntervals: () => Map<string, RankInterval>;
  rowKey: string;
}

export interface LeaderboardParent {
  suite: SuiteWithTasks;
  category: TaskCategory | null;
  aggregate: Aggregate;
  source: ResultSource | null;
  tasks: TaskRow[];
  rows: LeaderboardRowParent[];
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
  category: TaskCategory | null;
  task: TaskRow | null;
  metric: string | null;
  method: 'PEARSON' | 'SPEARMAN';
  coefficient: number | null;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
  points: CorrelationPointParent[];
}
