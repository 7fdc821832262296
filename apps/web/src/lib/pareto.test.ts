import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from './pareto';

const p = (label: string, x: number, y: number) => ({ label, x, y });

describe('paretoFront', () => {
  it('keeps the models no other beats on both cost (fewer GFLOPs) and score', () => {
    const points = [
      p('small-weak', 1, 50),
      p('mid', 4, 70),
      p('big-strong', 16, 80),
      p('big-weak', 16, 60),
      p('mid-worse', 5, 65),
    ];
    expect(paretoFront(points, { x: 'min', y: 'max' }).map((q) => q.label)).toEqual([
      'small-weak',
      'mid',
      'big-strong',
    ]);
  });

  it('with throughput, more images per second is better', () => {
    const points = [
      p('fast-weak', 900, 50),
      p('slow-strong', 100, 80),
      p('slow-weak', 100, 40),
      p('fast-mid', 800, 70),
    ];
    expect(paretoFront(points, { x: 'max', y: 'max' }).map((q) => q.label)).toEqual([
      'slow-strong',
      'fast-mid',
      'fast-weak',
    ]);
  });

  it('keeps exact ties (neither dominates) and drops a point equal on one axis and worse on the other', () => {
    const points = [p('a', 8, 70), p('b', 8, 70), p('c', 8, 69)];
    expect(paretoFront(points, { x: 'min', y: 'max' }).map((q) => q.label)).toEqual(['a', 'b']);
    expect(dominates(points[0]!, points[2]!, { x: 'min', y: 'max' })).toBe(true);
    expect(dominates(points[0]!, points[1]!, { x: 'min', y: 'max' })).toBe(false);
  });

  it('ignores points without a finite coordinate and answers [] for none', () => {
    expect(paretoFront([p('nan', Number.NaN, 1), p('ok', 1, 1)], { x: 'min', y: 'max' }).map((q) => q.label)).toEqual([
      'ok',
    ]);
    expect(paretoFront([], { x: 'min', y: 'max' })).toEqual([]);
  });
});
