import { registry } from '@transferboard/suite/registry';
import { describe, expect, it } from 'vitest';
import { EtaTracker, estimateTask, probeSeconds, TASK_START_SECONDS, taskShapes, type HostRates } from './eta';

const RATES: HostRates = { imagesPerSecond: 20, gflops: 95, basis: 'test rates' };
const sizes = (train: number, val: number, test: number) => () => ({ train, val, test });

describe('the cost model', () => {
  it('prices every task of the suite at the official sizes, extracting a dataset read the same way once', () => {
    const slugs = registry.suiteTasks('ssl-transfer-v1').map((t) => t.slug);
    const shapes = taskShapes(slugs, 2048);
    expect(shapes).toHaveLength(25);
    const byslug = new Map(shapes.map((s) => [s.slug, s]));
    // DTD has its own val split; Pets holds out 20% of train for the L2 search.
    expect(byslug.get('linear-dtd')).toMatchObject({ images: 5_640, nFit: 1_880, nVal: 1_880, nTest: 1_880 });
    expect(byslug.get('linear-pets')).toMatchObject({ images: 7_349, nFit: 2_944, nVal: 736, classes: 37 });
    // The three few-shot tasks of a dataset share its features: only the first extracts.
    const euro = shapes.filter((s) => s.slug.startsWith('fewshot-eurosat'));
    expect(euro.map((s) => s.images)).toEqual([27_000, 0, 0]);
    // Detection reads VOC2012 trainval too, apart from the linear VOC2007 task's features.
    expect(byslug.get('detection-voc-frozen')?.images).toBe(9_963 + 11_540);
    expect(byslug.get('linear-voc2007')?.images).toBe(9_963);
    for (const s of shapes) expect(estimateTask(s, RATES).seconds).toBeGreaterThan(TASK_START_SECONDS);
    // Few-shot tasks price the protocol's 600 episodes, or a run's override.
    expect(euro[0]?.episodes).toBe(600);
    expect(byslug.get('linear-dtd')?.episodes).toBe(0);
    const fewer = taskShapes(['fewshot-eurosat-5shot'], 2048, undefined, 10)[0]!;
    expect(probeSeconds(fewer, 95)).toBeCloseTo(probeSeconds(euro[0]!, 95) / 60, 9);
  });

  it('grows with every size of a linear task and shrinks with a faster host', () => {
    const base = taskShapes(['linear-cifar100'], 512, sizes(4_000, 1_000, 10_000))[0]!;
    const cost = (over: Partial<typeof base>, gflops = 95) => probeSeconds({ ...base, ...over }, gflops);
    const at = cost({});
    expect(cost({ nFit: 8_000 })).toBeGreaterThan(at);
    expect(cost({ nVal: 2_000 })).toBeGreaterThan(at);
    expect(cost({ nTest: 20_000 })).toBeGreaterThan(at);
    expect(cost({ dim: 2048 })).toBeGreaterThan(at);
    expect(cost({ classes: 200 })).toBeGreaterThan(at);
    expect(cost({}, 190)).toBeCloseTo(at / 2, 6);
    // Extraction: images over the rate.
    const e = estimateTask(base, RATES);
    expect(e.extractionSeconds).toBeCloseTo(15_000 / 20, 6);
    expect(e.seconds).toBeCloseTo(TASK_START_SECONDS + e.extractionSeconds + e.probeSeconds, 6);
  });
});

describe('EtaTracker', () => {
  const estimates = ['a', 'b', 'c', 'd'].map((slug) => ({ slug, extractionSeconds: 0, probeSeconds: 0, seconds: 100 }));

  it('sums the estimates before any task finishes, then rescales the rest by actual / estimated', () => {
    const t = new EtaTracker(estimates, RATES);
    expect(t.secondsLeft()).toBe(400);
    expect(t.eta(new Date('2026-12-03T17:00:00Z'))).toEqual({
      secondsLeft: 400,
      estimatedAt: '2026-12-03T17:00:00.000Z',
      basis: '4 task(s) left; test rates',
    });
    t.finish('a', 200); // twice as slow as estimated
    expect(t.ratio()).toBe(2);
    expect(t.secondsLeft()).toBe(600);
    t.finish('b', 100); // 300 actual over 200 estimated
    expect(t.secondsLeft()).toBe(300);
    expect(t.eta().basis).toContain('× 1.50 (actual / estimated so far)');
  });

  it('drops tasks that cost nothing and ignores tasks it does not know', () => {
    const t = new EtaTracker(estimates, RATES);
    t.drop('c');
    t.finish('unknown', 1_000);
    expect(t.secondsLeft()).toBe(300);
    t.finish('a', 50);
    t.finish('b', 50);
    t.finish('d', 50);
    expect(t.secondsLeft()).toBe(0);
  });
});
