import { describe, expect, it } from 'vitest';
import { fromLeaderboard } from './correlation';
import { checkFindings } from './findings';
import { TASKS, row } from './test-rows';

describe('headline findings', () => {
  const rows = [
    row('a', { top1: 60, aircraft: 40, nyu: 30 }),
    row('b', { top1: 65, aircraft: 45, nyu: 35 }),
    row('c', { top1: 70, aircraft: 50, nyu: 25 }),
    row('d', { top1: 75, aircraft: 56, nyu: 33 }),
    row('supervised', { top1: 76, aircraft: 52, nyu: 34 }),
  ];
  const correlations = (['LINEAR', 'DENSE'] as const).map((c) => fromLeaderboard(rows, c));

  it('computes correlations from the leaderboard when the API has none', () => {
    expect(correlations[0]!.pearson.n).toBe(5);
    expect(correlations[0]!.pearson.coefficient).toBeGreaterThan(0.9);
    expect(correlations[0]!.origin).toBe('web');
  });

  it('gives each claim a verdict with its evidence', () => {
    const findings = checkFindings(TASKS, rows, correlations);
    const verdict = (start: string) => findings.find((f) => f.claim.startsWith(start))!;
    expect(verdict('ImageNet top-1 accuracy is strongly').verdict).toBe('holds');
    expect(verdict('The correlation is weaker').verdict).toBe('holds');
    expect(verdict('The best self-supervised models outperform').evidence).toBe('The best self-supervised model beats supervised on 1 of 1 many-shot linear tasks.');
    expect(verdict('Self-supervised models beat supervised pretraining on dense').verdict).toBe('holds');
    expect(verdict('Self-supervised models beat supervised pretraining on detection').verdict).toBe('not enough data');
  });

  it('says when the many-shot correlation is weak', () => {
    const flat = rows.map((r, i) => row(r.model.slug, { top1: 60 + i, aircraft: [50, 40, 52, 41, 49][i]! }));
    expect(checkFindings(TASKS, flat, [fromLeaderboard(flat, 'LINEAR')])[0]!.verdict).toBe('does not hold');
  });
});
