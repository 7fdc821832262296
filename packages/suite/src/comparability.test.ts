import { describe, expect, it } from 'vitest';
import { aggregateLeaderboard, type AggregatedRow, type Cell } from './aggregate';
import { prepareBoard, referenceProtocol, type ProtocolKey } from './comparability';
import { bootstrapRankIntervals } from './rank-intervals';
import { registry } from './registry';
import type { TaskDef } from './types';

const t = (slug: string) => registry.task(slug);
const LINEAR = ['linear-cars', 'linear-dtd', 'linear-pets'];
const tasks: TaskDef[] = [...LINEAR, 'detection-voc-frozen', 'dense-nyuv2-normals'].map(t);
const PROBE_DETECTION = t('detection-voc-frozen').protocol!;
const PROBE_NORMALS = t('dense-nyuv2-normals').protocol!;

function cell(row: string, task: string, value: number, protocol: ProtocolKey = t(task).paperProtocol): Cell {
  return { row, task, value, protocolId: protocol.id, protocolVersion: protocol.version };
}

/** Paper rows p1..p4 on the paper's protocols everywhere. */
const PAPER: Cell[] = [
  [70, 60, 80, 80, 30],
  [65, 66, 75, 82, 28],
  [60, 50, 70, 75, 35],
  [55, 58, 72, 78, 33],
].flatMap((v, i) => tasks.map((task, j) => cell(`p${i + 1}`, task.slug, v[j]!)));

/** A measured row: linear on the paper's protocol (the runner reproduces it), detection and normals from frozen probes. */
const MEASURED: Cell[] = [
  ...LINEAR.map((task, j) => cell('m', task, [68, 62, 77][j]!)),
  cell('m', 'detection-voc-frozen', 99, PROBE_DETECTION),
  cell('m', 'dense-nyuv2-normals', 5, PROBE_NORMALS),
];

const byRow = (rows: AggregatedRow[]) => new Map(rows.map((r) => [r.row, r]));

describe('referenceProtocol', () => {
  const det = t('detection-voc-frozen');
  const key = (p: ProtocolKey, rows = 1) => ({ key: { id: p.id, version: p.version }, rows });
  it("prefers the paper's protocol, then the runner's, then the most common", () => {
    expect(referenceProtocol(det, [key(PROBE_DETECTION, 9), key(det.paperProtocol)])).toMatchObject({
      id: det.paperProtocol.id,
      reason: 'paper',
    });
    expect(referenceProtocol(det, [key(PROBE_DETECTION)])).toMatchObject({ id: PROBE_DETECTION.id, reason: 'runner' });
    const legacy = [
      key({ id: 'old-b', version: 1 }, 2),
      key({ id: 'old-a', version: 1 }, 2),
      key({ id: 'old-c', version: 1 }, 3),
    ];
    expect(referenceProtocol(det, legacy)).toMatchObject({ id: 'old-c', reason: 'most-frequent' });
    expect(referenceProtocol(det, legacy.slice(0, 2))).toMatchObject({ id: 'old-a', reason: 'most-frequent' });
    expect(referenceProtocol(det, [])).toBeNull();
  });
  it('tells versions of one protocol id apart', () => {
    const linear = t('linear-cars');
    const next = { id: linear.paperProtocol.id, version: linear.paperProtocol.version + 1 };
    expect(referenceProtocol(linear, [key(next, 5)])).toMatchObject({ ...next, reason: 'most-frequent' });
  });
});

describe('per-basis aggregation with a measured row on other protocols', () => {
  for (const aggregate of ['MEAN', 'MEAN_RANK'] as const) {
    describe(aggregate, () => {
      const alone = byRow(aggregateLeaderboard(tasks, PAPER, aggregate));
      const rows = aggregateLeaderboard(tasks, [...PAPER, ...MEASURED], aggregate);
      const all = byRow(rows);
      const m = all.get('m')!;

      it("keeps every paper row's overall score and rank, and its detection and dense ranks, as without the measured row", () => {
        const untouched = (r: AggregatedRow) => ({
          score: r.score,
          rank: r.rank,
          rankedAmong: r.rankedAmong,
          basis: r.basis,
          categories: r.categories.filter((c) => c.category !== 'linear'),
          cells: r.cells.filter((c) => !LINEAR.includes(c.task)),
        });
        for (const [row, before] of alone) expect(untouched(all.get(row)!)).toEqual(untouched(before));
        // On linear, the measured row is comparable: it joins the paper rows' task and category ranks.
        expect(all.get('p1')!.categories[0]!.rankedAmong).toBe(5);
      });

      it('ranks the measured row over its basis (linear) against every row comparable on it', () => {
        expect(m.basis).toEqual(['linear']);
        expect(m.rankedAmong).toBe(5);
        const linearOnly = byRow(
          aggregateLeaderboard(
            tasks.filter((x) => x.category === 'linear'),
            [...PAPER, ...MEASURED],
            aggregate,
          ),
        );
        expect(m.score).toBe(linearOnly.get('m')!.score);
        expect(m.rank).toBe(linearOnly.get('m')!.rank);
        expect(all.get('p1')).toMatchObject({ basis: ['linear', 'detection', 'dense'], rankedAmong: 4 });
      });

      it('shows the probe numbers with their protocol, comparable false, ranked only among themselves', () => {
        const det = m.cells.find((c) => c.task === 'detection-voc-frozen')!;
        expect(det).toMatchObject({
          value: 99,
          protocolId: PROBE_DETECTION.id,
          protocolVersion: PROBE_DETECTION.version,
          comparable: false,
          rank: 1,
          rankedAmong: 1,
        });
        expect(all.get('p1')!.cells.find((c) => c.task === 'detection-voc-frozen')).toMatchObject({
          comparable: true,
          rankedAmong: 4,
        });
        const detection = m.categories.find((c) => c.category === 'detection')!;
        expect(detection).toMatchObject({
          comparable: false,
          rank: 1,
          rankedAmong: 1,
          protocols: [{ id: PROBE_DETECTION.id, version: PROBE_DETECTION.version }],
        });
        expect(all.get('p2')!.categories.find((c) => c.category === 'detection')).toMatchObject({
          comparable: true,
          rankedAmong: 4,
        });
        expect(m.categories.find((c) => c.category === 'linear')).toMatchObject({ comparable: true, rankedAmong: 5 });
      });

      it('lists the widest basis first, then narrower bases, then unranked rows', () => {
        expect(rows.map((r) => r.basis.length)).toEqual([3, 3, 3, 3, 1]);
      });

      it("gives the measured row a rank interval over its basis, and leaves the paper rows' intervals as they were", () => {
        const before = bootstrapRankIntervals(tasks, PAPER, aggregate, { draws: 200 });
        const after = bootstrapRankIntervals(tasks, [...PAPER, ...MEASURED], aggregate, { draws: 200 });
        for (const [row, interval] of before) expect(after.get(row)).toEqual(interval);
        const linearOnly = bootstrapRankIntervals(
          tasks.filter((x) => x.category === 'linear'),
          [...PAPER, ...MEASURED],
          aggregate,
          { draws: 200 },
        );
        expect(after.get('m')).toEqual(linearOnly.get('m'));
        expect(after.get('m')!.low).toBeLessThanOrEqual(m.rank!);
        expect(after.get('m')!.high).toBeGreaterThanOrEqual(m.rank!);
      });
    });
  }

  it('ranks two measured rows on the probe protocols against each other, never against the paper', () => {
    const second = MEASURED.map((c) => ({
      ...c,
      row: 'm2',
      value: c.task === 'dense-nyuv2-normals' ? 4 : c.value - 1,
    }));
    const rows = byRow(aggregateLeaderboard(tasks, [...PAPER, ...MEASURED, ...second], 'MEAN'));
    const dense = (row: string) => rows.get(row)!.categories.find((c) => c.category === 'dense')!;
    expect([dense('m2').rank, dense('m').rank, dense('m').rankedAmong]).toEqual([1, 2, 2]);
    expect(rows.get('m')!.rankedAmong).toBe(6);
    for (const r of rows.values()) {
      for (const c of r.cells) {
        if (c.value === null) continue;
        const peers = [...rows.values()]
          .map((o) => o.cells.find((x) => x.task === c.task)!)
          .filter((o) => o.protocolId === c.protocolId && o.protocolVersion === c.protocolVersion);
        expect(c.rankedAmong).toBe(peers.length);
      }
    }
  });

  it("ranks on the runner's protocol in a view without paper numbers (measured rows only)", () => {
    const second = MEASURED.map((c) => ({ ...c, row: 'm2', value: c.value + 1 }));
    const board = prepareBoard(tasks, [...MEASURED, ...second]);
    expect(board.references.map((r) => r!.reason)).toEqual(['paper', 'paper', 'paper', 'runner', 'runner']);
    const rows = aggregateLeaderboard(tasks, [...MEASURED, ...second], 'MEAN');
    expect(rows.map((r) => [r.row, r.basis.length, r.rank, r.rankedAmong])).toEqual([
      ['m2', 3, 1, 2],
      ['m', 3, 2, 2],
    ]);
  });

  it('shows the result on the reference protocol when a row has several on one task', () => {
    const legacy = { id: 'legacy-probe', version: 1 };
    const extra = cell('p1', 'linear-cars', 1, legacy);
    const rows = byRow(aggregateLeaderboard(tasks, [extra, ...PAPER], 'MEAN'));
    expect(rows.get('p1')!.cells[0]).toMatchObject({
      value: 70,
      protocolId: t('linear-cars').paperProtocol.id,
      comparable: true,
    });
    expect(rows.get('p1')!.basis).toHaveLength(3);
  });

  it('leaves a category out of the basis when one of its tasks is on another protocol', () => {
    const next = { id: t('linear-dtd').paperProtocol.id, version: t('linear-dtd').paperProtocol.version + 1 };
    const mixed = MEASURED.map((c) => (c.task === 'linear-dtd' ? { ...c, protocolVersion: next.version } : c));
    const m = byRow(aggregateLeaderboard(tasks, [...PAPER, ...mixed], 'MEAN')).get('m')!;
    expect(m).toMatchObject({ basis: [], score: null, rank: null, rankedAmong: null });
    expect(m.categories[0]).toMatchObject({ comparable: false, rank: 1, rankedAmong: 1 });
    expect(m.categories[0]!.score).not.toBeNull(); // shown, with its protocols
    expect(m.categories[0]!.protocols).toHaveLength(2);
  });
});
