import { AS_OF_FORMAT, parseAsOf } from '@transferboard/db/queries/result-state';
import { badInput } from '../errors';

/** An `asOf` argument as a moment (a future one is now), undefined when absent; BAD_USER_INPUT when unreadable. */
export function asOfArg(value: string | null | undefined, argument = 'asOf'): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const at = value.length <= 64 ? parseAsOf(value) : null;
  if (!at)
    throw badInput(`"${argument}" must be ${AS_OF_FORMAT}; got ${JSON.stringify(value.slice(0, 64))}.`, argument);
  return at;
}
