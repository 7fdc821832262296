import type { SuiteWithTasks, TaskRow } from '@transferboard/db/queries/find-suite';
import type { ModelRow } from '@transferboard/db/queries/find-model';
import type { ResultRow } from '@transferboard/db/queries/list-results';
import type { suites } from '@transferboard/db/schema';
import type { Aggregate } from '@transferboard/suite/aggregate';
import type { TaskCategory } from '@transferboard/suite/types';

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
  source: 'reported' | 'measured';
  categoryScores: { category: TaskCategory; score: number | null; rank: number | null; tasksWithResults: number; tasks: number }[];
  cells: LeaderboardCellParent[];
  completeness: { tasksWithResults: number; tasks: number };
}

export interface LeaderboardParent {
  suite: SuiteWithTasks;
  category: TaskCategory | null;
  aggregate: Aggregate;
  source: 'reported' | 'measured' | null;
  tasks: TaskRow[];
  rows: LeaderboardRowParent[];
}
