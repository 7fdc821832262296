import {
  lowerCase,
  upperCase,
  type ResultSource as DbSource,
  type TaskCategory as DbCategory,
} from '@transferboard/suite/types';
import type { ReferenceReason as SuiteReferenceReason } from '@transferboard/suite/comparability';
import type { ModelSource, ReferenceReason, ResultSource, TaskCategory } from './generated/resolvers-types';

/**
 * GraphQL enums are the UPPER_CASE spelling of the suite's lower_case vocabulary (which the
 * database stores): the types check that both sides list the same values.
 */
export const toDbCategory = (c: TaskCategory): DbCategory => lowerCase(c);
export const fromDbCategory = (c: DbCategory): TaskCategory => upperCase(c);
export const toDbSource = (s: ResultSource): DbSource => lowerCase(s);
export const fromDbSource = (s: DbSource): ResultSource => upperCase(s);
export const toDbModelSource = (s: ModelSource): 'paper' | 'submission' => lowerCase(s);
export const fromDbModelSource = (s: 'paper' | 'submission'): ModelSource => upperCase(s);
/** The suite spells 'most-frequent' with a hyphen, which GraphQL enum values cannot have. */
export const fromReferenceReason = (r: SuiteReferenceReason): ReferenceReason =>
  r === 'most-frequent' ? 'MOST_FREQUENT' : upperCase(r);
