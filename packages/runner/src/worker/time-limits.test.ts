import { describe, expect, it } from 'vitest';
import { taskTimeLimit, timeLimitSettings } from './time-limits';

describe("each task's wall-clock limit", () => {
  it("grows with the images the task reads and its protocol's cost per image", () => {
    // 600 s + 4 × 5,640 images × 0.15 s (linear).
    expect(taskTimeLimit('linear-dtd')).toEqual({
      seconds: 3984,
      basis: "from 5,640 images at the linear protocol's cost",
    });
    expect(taskTimeLimit('linear-food').seconds).toBe(61_200);
    // Few-shot episodes cost next to nothing beyond the features.
    expect(taskTimeLimit('fewshot-isic-5shot').seconds).toBe(600 + Math.round(4 * 10_015 * 0.1));
    // VOC07+12 detection reads VOC2012 trainval too, at the dense probes' cost.
    expect(taskTimeLimit('detection-voc-frozen')).toMatchObject({
      seconds: 600 + 4 * (9_963 + 11_540) * 0.5,
      basis: "from 21,503 images at the detection protocol's cost",
    });
    expect(taskTimeLimit('linear-food').seconds).toBeGreaterThan(taskTimeLimit('linear-dtd').seconds);
  });

  it('is scaled or replaced as configured, never below a minute', () => {
    expect(taskTimeLimit('linear-dtd', { scale: 0.5, fixedSeconds: null })).toEqual({
      seconds: 1992,
      basis: "from 5,640 images at the linear protocol's cost, × 0.5 (--task-time-scale)",
    });
    expect(taskTimeLimit('linear-dtd', { scale: 0.001, fixedSeconds: null }).seconds).toBe(60);
    expect(taskTimeLimit('linear-food', { scale: 1, fixedSeconds: 12 })).toEqual({
      seconds: 12,
      basis: 'set by --task-time-limit',
    });
  });

  it('reads its settings from flags, else the environment, and names a bad value', () => {
    expect(timeLimitSettings({}, {})).toEqual({ scale: 1, fixedSeconds: null });
    expect(timeLimitSettings({}, { TRANSFERBOARD_TASK_TIME_LIMIT: '900', TRANSFERBOARD_TASK_TIME_SCALE: '2' })).toEqual(
      { scale: 2, fixedSeconds: 900 },
    );
    expect(
      timeLimitSettings({ taskTimeLimit: 30, taskTimeScale: 0.1 }, { TRANSFERBOARD_TASK_TIME_LIMIT: '900' }),
    ).toEqual({ scale: 0.1, fixedSeconds: 30 });
    expect(() => timeLimitSettings({}, { TRANSFERBOARD_TASK_TIME_SCALE: 'fast' })).toThrow(
      'TRANSFERBOARD_TASK_TIME_SCALE="fast" must be a positive number (or use --task-time-scale)',
    );
    expect(() => timeLimitSettings({}, { TRANSFERBOARD_TASK_TIME_LIMIT: '-5' })).toThrow(
      /TRANSFERBOARD_TASK_TIME_LIMIT="-5" must be a positive number/,
    );
  });
});
