import { describe, expect, it } from 'vitest';
import { rankKey, tiedRanks } from './load-view';
import { row } from './test-rows';

describe('tiedRanks', () => {
  it('finds ranks shared by several rows, ignoring unranked rows', () => {
    const rows = [row('a', { rank: 1 }), row('b', { rank: 2 }), row('c', { rank: 2 }), row('d', { rank: null }), row('e', { rank: null })];
    expect([...tiedRanks(rows)]).toEqual([rankKey(rows[1]!)]);
  });

  it('never calls equal ranks over different bases a tie', () => {
    const rows = [row('a', { rank: 2 }), row('m', { rank: 2, probe: true, source: 'MEASURED' })];
    expect(tiedRanks(rows).size).toBe(0);
  });
});
