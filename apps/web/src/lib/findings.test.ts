import { describe, expect, it } from 'vitest';
import type { Correlation, GroupCorrelation } from './correlation';
import { checkFindings } from './findings';
import { TASKS, row } from './test-rows';

const corr = (coefficient: number, n: number, ci: [number, number] | null = null): Correlation => ({
  coefficient,
  n,
  ciLow: ci?.[0] ?? null,
  ciHigh: ci?.[1] ?? null,
});

/** A group's correlation as the API answers it (points and fit do not matter to the findings). */
const group = (slug: string, title: string, pearson: Correlation): GroupCorrelation => ({
  group: { slug, title, metric: 'primary', tasks: [] },
  pearson,
  spearman: pearson,
  points: [],
  pointCount: 0,
  fit: null,
});

describe('headline findings, re-checked per analysis group', () => {
  const rows = [
    row('a', { top1: 60, aircraft: 40, nyu: 30 }),
    row('b', { top1: 65, aircraft: 45, nyu: 35 }),
    row('c', { top1: 70, aircraft: 50, nyu: 25 }),
    row('d', { top1: 75, aircraft: 56, nyu: 33 }),
    row('supervised', { top1: 76, aircraft: 52, nyu: 34 }),
  ];
  const groups = [
    group('linear', 'Many-shot linear', corr(0.93, 14, [0.8, 0.98])),
    group('fewshot-cdfsl-20shot', 'Few-shot, CD-FSL (5-way 20-shot)', corr(0.61, 14)),
    group('detection-frozen', 'Detection, frozen backbone (AP50)', corr(0.79, 14)),
    group('surface-normals', 'Surface normals (% within 11.25°)', corr(0.43, 14)),
  ];

  it('gives each claim a verdict with its evidence, setting by setting', () => {
    const findings = checkFindings(TASKS, rows, groups);
    const verdict = (start: string) => findings.find((f) => f.claim.startsWith(start))!;
    expect(verdict('ImageNet top-1 accuracy is strongly')).toMatchObject({
      verdict: 'holds',
      evidence: 'Pearson r = 0.93 (95% CI 0.80 to 0.98) over 14 models.',
    });
    expect(verdict('The correlation is weaker')).toMatchObject({
      verdict: 'holds',
      evidence:
        'Pearson r: many-shot linear 0.93; few-shot, cd-fsl (5-way 20-shot) 0.61, detection, frozen backbone (ap50) 0.79, surface normals (% within 11.25°) 0.43.',
    });
    expect(verdict('The best self-supervised models outperform').evidence).toBe(
      'The best self-supervised model beats supervised on 1 of 1 many-shot linear tasks.',
    );
    expect(verdict('Self-supervised models beat supervised pretraining on dense').verdict).toBe('holds');
    expect(verdict('Self-supervised models beat supervised pretraining on detection').verdict).toBe('not enough data');
  });

  it('says when a setting correlates as strongly as many-shot, and when there are too few models', () => {
    const strong = [...groups, group('segmentation', 'Segmentation', corr(0.95, 14))];
    expect(checkFindings(TASKS, rows, strong)[1]!.verdict).toBe('does not hold');
    expect(
      checkFindings(TASKS, rows, [group('linear', 'Many-shot linear', corr(0.3, 5, [-0.7, 0.9]))])[0]!.verdict,
    ).toBe('does not hold');
    expect(checkFindings(TASKS, rows, [group('linear', 'Many-shot linear', corr(0.99, 3))])[0]!.verdict).toBe(
      'not enough data',
    );
    expect(checkFindings(TASKS, rows, [group('linear', 'Many-shot linear', corr(NaN, 5))])[0]!.verdict).toBe(
      'not enough data',
    );
  });

  it('leaves numbers on another protocol out of the supervised comparison', () => {
    // Only the probe number beats supervised on normals: the claim must not hold on it.
    const worse = rows.map((r) =>
      row(r.model.slug, { top1: r.model.imagenetTop1, aircraft: 50, nyu: r.model.slug === 'supervised' ? 34 : 40 }),
    );
    const withProbe = [...worse, row('probe', { top1: 80, aircraft: 30, nyu: 1, probe: true, source: 'REPORTED' })];
    expect(checkFindings(TASKS, withProbe, groups).find((f) => f.claim.includes('on dense'))!.verdict).toBe(
      'does not hold',
    );
  });
});
