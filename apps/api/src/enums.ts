import type { TaskCategory as DbCategory } from '@transferboard/suite/types';
import type { ModelSource, ReferenceReason, ResultSource, TaskCategory } from './generated/resolvers-types';

/** GraphQL enums are UPPER_CASE; the database and the suite package use lower_case. */
export const toDbCategory = (c: TaskCategory): DbCategory => c.toLowerCase() as DbCategory;
export const fromDbCategory = (c: DbCategory): TaskCategory => c.toUpperCase() as TaskCategory;
export const toDbSource = (s: ResultSource): 'reported' | 'measured' => (s === 'REPORTED' ? 'reported' : 'measured');
export const fromDbSource = (s: 'reported' | 'measured'): ResultSource => (s === 'reported' ? 'REPORTED' : 'MEASURED');
export const toDbModelSource = (s: ModelSource): 'paper' | 'submission' => (s === 'PAPER' ? 'paper' : 'submission');
export const fromDbModelSource = (s: 'paper' | 'submission'): ModelSource => (s === 'paper' ? 'PAPER' : 'SUBMISSION');
export const fromReferenceReason = (r: 'paper' | 'runner' | 'most-frequent'): ReferenceReason =>
  r === 'paper' ? 'PAPER' : r === 'runner' ? 'RUNNER' : 'MOST_FREQUENT';
