import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateVocDetections, type GroundTruthImage, type ScoredDetection } from './voc-ap';
import { testVectors } from '../test-vectors';

interface RefMetrics {
  ap: number;
  ap50: number;
  ap75: number;
  byThreshold: number[];
  perClassAp50: (number | null)[];
}
interface RefCase {
  seed: number;
  numClasses: number;
  gts: GroundTruthImage[];
  dets: ScoredDetection[];
  voc07: RefMetrics;
  area: RefMetrics;
}

const refs = JSON.parse(readFileSync(testVectors('dense', 'voc_ap_refs.json'), 'utf8')) as { cases: RefCase[] };

describe('VOC AP against the detectron2 voc_eval reference (scripts/reference/voc_ap_refs.py)', () => {
  it('has reference cases', () => expect(refs.cases.length).toBeGreaterThanOrEqual(8));
  for (const c of refs.cases) {
    for (const method of ['voc07', 'area'] as const) {
      it(`seed ${c.seed}, ${method}: AP, AP50, AP75, every threshold and class agree to 1e-6`, () => {
        const got = evaluateVocDetections(c.gts, c.dets, c.numClasses, method === 'voc07' ? 'voc07-11point' : 'area');
        const ref = c[method];
        expect(Math.abs(got.ap - ref.ap)).toBeLessThan(1e-6);
        expect(Math.abs(got.ap50 - ref.ap50)).toBeLessThan(1e-6);
        expect(Math.abs(got.ap75 - ref.ap75)).toBeLessThan(1e-6);
        got.byThreshold.forEach((t, i) => {
          expect(Math.abs(t.map - ref.byThreshold[i]!)).toBeLessThan(1e-6);
        });
        got.perClassAp50.forEach((a, i) => {
          const r = ref.perClassAp50[i];
          if (r === null || r === undefined) expect(a).toBeNull();
          else expect(Math.abs(a! - r)).toBeLessThan(1e-6);
        });
      });
    }
  }
});

describe('VOC AP edge cases', () => {
  const gt: GroundTruthImage[] = [
    {
      boxes: [
        [10, 10, 50, 50],
        [60, 60, 90, 90],
      ],
      labels: [0, 0],
      difficult: [false, true],
    },
  ];
  it('a perfect detection scores 100; a detection on a difficult box counts neither way', () => {
    const r = evaluateVocDetections(
      gt,
      [
        { image: 0, label: 0, score: 0.9, box: [10, 10, 50, 50] },
        { image: 0, label: 0, score: 0.95, box: [60, 60, 90, 90] },
      ],
      1,
    );
    expect(r.ap50).toBeCloseTo(100, 10);
    expect(r.ap75).toBeCloseTo(100, 10);
  });
  it('a duplicate detection is a false positive; no detection scores 0', () => {
    const dup = evaluateVocDetections(
      gt,
      [
        { image: 0, label: 0, score: 0.9, box: [10, 10, 50, 50] },
        { image: 0, label: 0, score: 0.95, box: [10, 10, 50, 50] },
      ],
      1,
      'area',
    );
    expect(dup.ap50).toBeCloseTo(100, 10); // the first (highest) match is the TP, recall 1 at precision 1
    const late = evaluateVocDetections(
      gt,
      [
        { image: 0, label: 0, score: 0.99, box: [200, 200, 210, 210] },
        { image: 0, label: 0, score: 0.9, box: [10, 10, 50, 50] },
      ],
      1,
      'area',
    );
    expect(late.ap50).toBeCloseTo(50, 10);
    expect(evaluateVocDetections(gt, [], 1).ap50).toBe(0);
  });
  it('classes without ground truth are left out of the mean; a set with none at all is an error', () => {
    const r = evaluateVocDetections(gt, [{ image: 0, label: 0, score: 1, box: [10, 10, 50, 50] }], 3);
    expect(r.perClassAp50[0]).toBeCloseTo(100, 10);
    expect(r.perClassAp50.slice(1)).toEqual([null, null]);
    expect(r.ap50).toBeCloseTo(100, 10);
    expect(() => evaluateVocDetections([{ boxes: [], labels: [], difficult: [] }], [], 20)).toThrow(
      /no non-difficult ground-truth/,
    );
  });
});
