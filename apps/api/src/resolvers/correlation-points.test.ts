import { describe, expect, it } from 'vitest';
import { boundedPoints, correlationPointsFirst, DEFAULT_CORRELATION_POINTS } from './correlation-points';

const point = (i: number, source: 'reported' | 'measured') => ({ id: i, source });

describe('boundedPoints', () => {
  const points = [
    ...Array.from({ length: 14 }, (_, i) => point(i, 'reported')),
    ...Array.from({ length: 1000 }, (_, i) => point(100 + i, 'measured')),
  ].sort((a, b) => (a.id % 7) - (b.id % 7) || a.id - b.id);

  it('returns every point when they fit', () => {
    expect(boundedPoints(points, 2000)).toEqual(points);
  });

  it('keeps every reported point and an even sample of the rest, in the list order', () => {
    const shown = boundedPoints(points, 114);
    expect(shown).toHaveLength(114);
    expect(shown.filter((p) => p.source === 'reported')).toHaveLength(14);
    // In the list's order: a subsequence of it.
    const positions = shown.map((p) => points.indexOf(p));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // Even: the measured points picked are spread over the whole list, every 10th of them.
    const measured = points.filter((p) => p.source === 'measured');
    const picked = shown.filter((p) => p.source === 'measured').map((p) => measured.indexOf(p));
    expect(picked).toEqual(Array.from({ length: 100 }, (_, i) => i * 10));
  });

  it('is deterministic and takes reported points first when even those do not fit', () => {
    expect(boundedPoints(points, 5)).toEqual(boundedPoints(points, 5));
    expect(boundedPoints(points, 5).every((p) => p.source === 'reported')).toBe(true);
    expect(boundedPoints(points, 0)).toEqual([]);
  });
});

describe('correlationPointsFirst', () => {
  it('defaults, and refuses what is out of range with a message', () => {
    expect(correlationPointsFirst(undefined)).toBe(DEFAULT_CORRELATION_POINTS);
    expect(correlationPointsFirst(0)).toBe(0);
    expect(() => correlationPointsFirst(2001)).toThrow(/between 0 and 2000 \(got 2001\)/);
    expect(() => correlationPointsFirst(-1)).toThrow(/between 0 and 2000/);
  });
});
