import { describe, expect, it } from 'vitest';
import type { BuiltRow } from './board-build';
import { applyDelta, diffRows } from './board-delta';

const cell = (taskSlug: string, value: number | null, rank: number | null) => ({
  taskSlug,
  value,
  ciLow: null,
  ciHigh: null,
  protocolId: value === null ? null : 'linear-lbfgs',
  protocolVersion: value === null ? null : 1,
  comparable: true,
  rank,
  rankedAmong: value === null ? null : 3,
  stale: false,
  staleReason: null,
});

const row = (key: string, rank: number, values: (number | null)[]): BuiltRow => ({
  rank,
  rankedAmong: 3,
  rankTied: false,
  basis: ['linear'],
  score: values.reduce<number>((a, v) => a + (v ?? 0), 0),
  rowKey: key,
  modelId: key.split('|')[0]!,
  source: 'measured',
  categoryScores: [
    {
      category: 'linear',
      score: 1,
      rank,
      rankedAmong: 3,
      comparable: true,
      protocols: [{ id: 'linear-lbfgs', version: 1 }],
      tasksWithResults: 2,
      tasks: 2,
    },
  ],
  completeness: { tasksWithResults: values.filter((v) => v !== null).length, tasks: values.length },
  cells: values.map((v, j) => cell(`t${j}`, v, v === null ? null : rank)),
});

describe('row deltas from the build worker', () => {
  const base = [row('a|measured', 1, [90, 80]), row('b|measured', 2, [70, 60]), row('c|measured', 3, [50, null])];

  it('rebuilds the new rows exactly: unchanged rows are reused, changed ones are new objects', () => {
    const next = [
      row('b|measured', 1, [99, 60]), // moved up: rank, score and a cell changed
      row('a|measured', 2, [90, 80]), // rank changed, its cells' ranks too
      base[2]!, // the same
      row('d|measured', 4, [10, 10]), // a new row
    ];
    const deltas = diffRows(base, next);
    expect(deltas[2]).toBe(2);
    expect(deltas[3]).toEqual({ row: next[3] });
    const patched = deltas[0] as { at: number; fields: object; cells: unknown[] };
    expect(patched.at).toBe(1);
    expect(Object.keys(patched.fields).sort()).toEqual(['categoryScores', 'rank', 'score']);
    const rebuilt = applyDelta(base, deltas);
    expect(rebuilt).toEqual(next);
    expect(rebuilt[2]).toBe(base[2]);
    expect(rebuilt[0]).not.toBe(base[1]);
    // The base is left as it was: a request may still be reading it.
    expect(base[1]).toEqual(row('b|measured', 2, [70, 60]));
  });

  it('drops rows that left the board and keeps a null turned into a value', () => {
    const next = [row('a|measured', 1, [90, 80]), row('c|measured', 2, [50, 40])];
    expect(applyDelta(base, diffRows(base, next))).toEqual(next);
  });
});
