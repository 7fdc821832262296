import { describe, expect, it } from 'vitest';
import { JobProgress } from './job-progress';

describe("a job's progress mark", () => {
  it("grows with every kind of work and never goes back when a task's process starts from zero", () => {
    const sent: Record<string, any>[] = [];
    const p = new JobProgress(['linear-dtd', 'linear-pets'], (s) => sent.push(s), 0);
    p.setPhase('download');
    p.addBytes(1000);
    expect(sent.at(-1)).toMatchObject({
      phase: 'download',
      mark: 1000,
      counters: { bytes: 1000, images: 0, steps: 0, tasks: 0 },
    });
    p.startTask('linear-dtd', 0);
    p.setTaskCounts({ images: 40, steps: 3 });
    expect(sent.at(-1)).toMatchObject({
      phase: 'evaluate',
      task: 'linear-dtd',
      taskIndex: 0,
      mark: 1043,
      tasks: { 'linear-dtd': 'running', 'linear-pets': 'pending' },
    });
    p.endTask('linear-dtd', 'ok');
    expect(sent.at(-1)).toMatchObject({ mark: 1044, fraction: 0.5, tasks: { 'linear-dtd': 'ok' } });
    expect(sent.at(-1)).not.toHaveProperty('task');
    p.startTask('linear-pets', 1);
    p.setTaskCounts({ images: 1, steps: 0 });
    const marks = sent.map((s) => s.mark as number);
    expect(marks.at(-1)).toBe(1045);
    expect(marks.every((m, i) => i === 0 || m >= marks[i - 1]!)).toBe(true);
  });

  it('sends at most one update per interval, and the latest one after it', async () => {
    const sent: Record<string, any>[] = [];
    const p = new JobProgress(['t'], (s) => sent.push(s), 50);
    for (let i = 0; i < 100; i++) p.addBytes(1);
    expect(sent).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 80));
    expect(sent).toHaveLength(2);
    expect(sent.at(-1)?.mark).toBe(100);
  });

  it('carries the ETA once set, sent at once, and drops it when cleared', () => {
    const sent: Record<string, any>[] = [];
    const p = new JobProgress(['t'], (s) => sent.push(s), 60_000);
    p.setPhase('download');
    expect(sent.at(-1)).not.toHaveProperty('eta');
    const eta = { secondsLeft: 120, estimatedAt: '2026-12-03T17:00:00.000Z', basis: '1 task(s) left; test' };
    p.setEta(eta);
    expect(sent).toHaveLength(2);
    expect(sent.at(-1)).toMatchObject({ phase: 'download', eta });
    p.setEta(null);
    expect(sent.at(-1)).not.toHaveProperty('eta');
  });
});
