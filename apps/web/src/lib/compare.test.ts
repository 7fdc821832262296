import { describe, expect, it } from 'vitest';
import { comparedRows, compareTasks, parseModelList, winCounts } from './compare';
import { TASKS, row } from './test-rows';

describe('compare', () => {
  it('reads comma lists and repeated parameters, deduplicated', () => {
    expect(parseModelList('swav, BYOL,swav')).toEqual(['swav', 'byol']);
    expect(parseModelList(['swav', '', 'moco-v2'])).toEqual(['swav', 'moco-v2']);
    expect(parseModelList(undefined)).toEqual([]);
  });

  it('orders the rows as the models were chosen, and names the known models without a row', () => {
    // As the view orders them: b's reported row before its measured one.
    const rows = [row('b', {}), row('a', {}), row('b', { source: 'MEASURED' })];
    const { rows: ordered, missing } = comparedRows(['a', 'b', 'c', 'x'], rows, ['x']);
    expect(ordered.map((r) => `${r.model.slug}:${r.source}`)).toEqual(['a:REPORTED', 'b:REPORTED', 'b:MEASURED']);
    expect(missing).toEqual(['c']);
    expect(comparedRows([], rows, [])).toEqual({ rows: [], missing: [] });
  });

  it('computes deltas against the first model and winners by direction', () => {
    const rows = [
      row('a', { aircraft: 50, nyu: 30 }),
      row('b', { aircraft: 55, nyu: 31 }),
      row('c', { aircraft: 55, nyu: null }),
    ];
    const [aircraft, nyu] = compareTasks(TASKS, rows);
    expect(aircraft!.deltas).toEqual([0, 5, 5]);
    expect(aircraft!.winners).toEqual([1, 2]);
    expect(nyu!.deltas).toEqual([0, 1, null]);
    expect(nyu!.winners).toEqual([0]);
    expect(winCounts([aircraft!, nyu!], 3)).toEqual([1, 1, 1]);
  });
});

describe('compare under the comparability rule', () => {
  it("never makes a number on another protocol a winner, nor a delta against the paper's", () => {
    const rows = [
      row('a', { aircraft: 50, nyu: 30 }),
      row('probe', { aircraft: 52, nyu: 5, probe: true, source: 'MEASURED' }),
      row('b', { aircraft: 51, nyu: 31 }),
    ];
    const [aircraft, nyu] = compareTasks(TASKS, rows);
    expect(aircraft!.winners).toEqual([1]);
    expect(nyu!.winners).toEqual([0]);
    expect(nyu!.deltas).toEqual([0, null, 1]);
    expect(nyu!.comparable).toEqual([true, false, true]);
    expect(nyu!.protocols[1]).toBe('normals-frozen-probe v1');
  });
});
