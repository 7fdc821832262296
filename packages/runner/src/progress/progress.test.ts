import { describe, expect, it } from 'vitest';
import { createProgress, formatSeconds, progressMode, type ProgressStream } from './progress';

function capture(isTTY: boolean): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return { isTTY, write: (t: string) => chunks.push(t), text: () => chunks.join('') };
}

describe('progressMode', () => {
  it('is off with --no-progress, bars on a terminal, lines elsewhere', () => {
    expect(progressMode(false, capture(true))).toBe('off');
    expect(progressMode(true, capture(true))).toBe('interactive');
    expect(progressMode(true, capture(false))).toBe('lines');
  });
});

describe('lines', () => {
  it('prints one plain line per step, numbered', () => {
    const out = capture(false);
    const steps = createProgress('lines', out).steps('probe linear', 'fit', 3);
    steps.step('wd 1.0e-6, 12 iterations, 0.4 s');
    steps.step('wd 3.2e-2, 41 iterations, 1.3 s');
    steps.stop();
    expect(out.text()).toBe(
      'probe linear: fit 1/3, wd 1.0e-6, 12 iterations, 0.4 s\nprobe linear: fit 2/3, wd 3.2e-2, 41 iterations, 1.3 s\n',
    );
  });

  it('reports a running count at most every 10 s, then once at the end, without control characters', () => {
    const out = capture(false);
    let t = 0;
    const counter = createProgress('lines', out, () => t).counter('features dtd/train', 100, 'images');
    for (let i = 0; i < 10; i++) {
      t += 3000;
      counter.increment(10);
    }
    counter.stop();
    counter.stop();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toEqual([
      'features dtd/train: 40/100 images, 3.3 images/s, ETA 18.0 s',
      'features dtd/train: 80/100 images, 3.3 images/s, ETA 6.0 s',
      'features dtd/train: 100/100 images in 30.0 s (3.3 images/s)',
    ]);
    expect(out.text()).not.toContain('\r');
    expect(out.text()).not.toContain('\u001b');
  });

  it('keeps outer lines (tasks, jobs)', () => {
    const out = capture(false);
    createProgress('lines', out).line('task 1/2 linear-dtd');
    expect(out.text()).toBe('task 1/2 linear-dtd\n');
  });
});

describe('off', () => {
  it('prints nothing at all', () => {
    const out = capture(true);
    const p = createProgress('off', out);
    p.line('task 1/2 linear-dtd');
    const c = p.counter('features', 10, 'images');
    c.increment(10);
    c.stop();
    const s = p.steps('probe linear', 'fit', 2);
    s.step('wd 1e-6');
    s.stop();
    expect(out.text()).toBe('');
  });
});

describe('interactive', () => {
  it('redraws one bar in place and leaves its final state', () => {
    const out = capture(true);
    const steps = createProgress('interactive', out).steps('probe linear', 'fit', 2);
    steps.step('wd 1.0e-6, 12 iterations, 0.4 s');
    steps.step('wd 3.2e-2, 41 iterations, 1.3 s');
    steps.stop();
    const text = out.text();
    expect(text).toContain('\u001b['); // cursor movement: the line is rewritten, not appended
    expect(text).toContain('fit 2/2, wd 3.2e-2, 41 iterations, 1.3 s');
    expect(text.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
  });
});

describe('formatSeconds', () => {
  it('reads as seconds, minutes or hours', () => {
    expect(formatSeconds(1.25)).toBe('1.3 s');
    expect(formatSeconds(421)).toBe('7 min 1 s');
    expect(formatSeconds(7300)).toBe('2 h 1 min');
  });
});
