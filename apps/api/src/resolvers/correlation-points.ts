import type { ResultSource } from '@transferboard/suite/types';
import { badInput } from '../errors';

/** `Correlation.points` without `first`: enough for a readable scatter. */
export const DEFAULT_CORRELATION_POINTS = 500;
/** The most points one `Correlation.points` returns; more is a BAD_USER_INPUT error. */
export const MAX_CORRELATION_POINTS = 2_000;

/** `first` checked: 0 to MAX_CORRELATION_POINTS. */
export function correlationPointsFirst(first: number | null | undefined): number {
  const n = first ?? DEFAULT_CORRELATION_POINTS;
  if (!Number.isInteger(n) || n < 0 || n > MAX_CORRELATION_POINTS) {
    throw badInput(
      `"first" must be between 0 and ${MAX_CORRELATION_POINTS} (got ${n}); the coefficients are over every point whatever it is.`,
      'first',
    );
  }
  return n;
}

/**
 * At most `first` of the points, so the scatter stays honest at 10,000 models: every reported
 * (paper) point first, then an even (systematic) sample of the rest over their order by model
 * slug, which is unrelated to x and y, so the sample keeps the cloud's shape. Returned in the
 * full list's order (model slug, then source). Deterministic: the same points for the same data.
 */
export function boundedPoints<T extends { source: ResultSource }>(points: readonly T[], first: number): T[] {
  if (points.length <= first) return [...points];
  const reported = points.filter((p) => p.source === 'reported').slice(0, first);
  const rest = points.filter((p) => p.source !== 'reported');
  const room = first - reported.length;
  const picked = new Set<T>(reported);
  for (let i = 0; i < room; i++) picked.add(rest[Math.floor((i * rest.length) / room)]!);
  return points.filter((p) => picked.has(p));
}
