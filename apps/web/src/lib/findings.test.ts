import { describe, expect, it } from 'vitest';
import type { CategoryCorrelation, Correlation } from './correlation';
import { checkFindings } from './findings';
import type { Category } from './leaderboard';
import { TASKS, row } from './test-rows';

const corr = (coefficient: number, n: number, ci: [number, number] | null = null): Correlation => ({
  coefficient,
  n,
  ciLow: ci?.[0] ?? null,
  ciHigh: ci?.[1] ?? null,
});

/** A correlation as the API answers it (points and fit do not matter to the findings). */
const category = (c: Category, pearson: Correlation): CategoryCorrelation => ({ category: c, pearson, spearman: pearson, points: [], fit: null });

describe('headline findings', () => {
  const rows = [
    row('a', { top1: 60, aircraft: 40, nyu: 30 }),
    row('b', { top1: 65, aircraft: 45, nyu: 35 }),
    row('c', { top1: 70, aircraft: 50, nyu: 25 }),
    row('d', { top1: 75, aircraft: 56, nyu: 33 }),
    row('supervised', { top1: 76, aircraft: 52, nyu: 34 }),
  ];
  const correlations = [category('LINEAR', corr(0.93, 5, [0.4, 0.99])), category('DENSE', corr(0.1, 5, [-0.8, 0.9]))];

  it('gives each claim a verdict with its evidence', () => {
    const findings = checkFindings(TASKS, rows, correlations);
    const verdict = (start: string) => findings.find((f) => f.claim.startsWith(start))!;
    expect(verdict('ImageNet top-1 accuracy is strongly').verdict).toBe('holds');
    expect(verdict('ImageNet top-1 accuracy is strongly').evidence).toBe('Pearson r = 0.93 (95% CI 0.40 to 0.99) over 5 models.');
    expect(verdict('The correlation is weaker').verdict).toBe('holds');
    expect(verdict('The best self-supervised models outperform').evidence).toBe('The best self-supervised model beats supervised on 1 of 1 many-shot linear tasks.');
    expect(verdict('Self-supervised models beat supervised pretraining on dense').verdict).toBe('holds');
    expect(verdict('Self-supervised models beat supervised pretraining on detection').verdict).toBe('not enough data');
  });

  it('says when the many-shot correlation is weak, and when there are too few models', () => {
    expect(checkFindings(TASKS, rows, [category('LINEAR', corr(0.3, 5, [-0.7, 0.9]))])[0]!.verdict).toBe('does not hold');
    expect(checkFindings(TASKS, rows, [category('LINEAR', corr(0.99, 3))])[0]!.verdict).toBe('not enough data');
    expect(checkFindings(TASKS, rows, [category('LINEAR', corr(NaN, 5))])[0]!.verdict).toBe('not enough data');
  });
});
