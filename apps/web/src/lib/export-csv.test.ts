import { describe, expect, it } from 'vitest';
import { csvField, csvHeader, csvLine, type ExportStamp } from '@transferboard/suite/export-csv';
import type { Aggregate, LeaderboardRow, LeaderboardTask } from './leaderboard';
import { TASKS, row } from './test-rows';

/** The web's GraphQL rows through the one CSV definition (packages/suite export-csv.ts) the API's export writes. */
const leaderboardCsv = (tasks: LeaderboardTask[], rows: LeaderboardRow[], aggregate: Aggregate, stamp?: ExportStamp) =>
  csvHeader(tasks, aggregate, stamp) + rows.map((r) => csvLine(tasks, r)).join('');

describe('CSV export', () => {
  it('quotes only fields that need it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(0)).toBe('0');
  });

  it('writes one line per row with unrounded values and CIs, in the given order', () => {
    const csv = leaderboardCsv(
      TASKS,
      [row('swav', { rank: 1, aircraft: 54.04, nyu: null }), row('moco-v2', { rank: 2, aircraft: 41.79 })],
      'MEAN',
    );
    const [header, first, second, end] = csv.split('\r\n');
    expect(header!.split(',').slice(0, 8)).toEqual([
      'rank',
      'rank_low',
      'rank_high',
      'model_slug',
      'model',
      'family',
      'source',
      'score',
    ]);
    expect(header).toContain(
      'linear-aircraft,linear-aircraft_ci_low,linear-aircraft_ci_high,linear-aircraft_protocol_id,linear-aircraft_protocol_version,linear-aircraft_comparable,dense-nyuv2-normals',
    );
    expect(first!.split(',').slice(0, 4)).toEqual(['1', '', '', 'swav']);
    expect(first!.endsWith(',54.04,53.04,55.04,linear-lbfgs,1,true,,,,,,')).toBe(true);
    expect(second!.split(',')[3]).toBe('moco-v2');
    expect(end).toBe('');
  });

  it('says per row what its rank covers, and per cell which protocol it comes from and whether it is comparable', () => {
    const csv = leaderboardCsv(
      TASKS,
      [row('probe', { rank: 1, aircraft: 44, nyu: 5, probe: true, source: 'MEASURED' })],
      'MEAN',
    );
    const [header, line] = csv.split('\r\n');
    const field = (name: string) => line!.split(',')[header!.split(',').indexOf(name)];
    expect([field('basis'), field('ranked_among'), field('category_dense_comparable')]).toEqual([
      'LINEAR',
      '3',
      'false',
    ]);
    expect([
      field('dense-nyuv2-normals'),
      field('dense-nyuv2-normals_protocol_id'),
      field('dense-nyuv2-normals_protocol_version'),
      field('dense-nyuv2-normals_comparable'),
    ]).toEqual(['5', 'normals-frozen-probe', '1', 'false']);
    expect(field('linear-aircraft_comparable')).toBe('true');
  });

  it('records the moment of an export as of a date in a comment line', () => {
    const stamp = { asOf: '2026-06-01T12:00:00.000Z', dataAsOf: '2026-05-30T08:00:00.000Z' };
    const csv = leaderboardCsv(TASKS, [row('swav', { rank: 1, aircraft: 54.04 })], 'MEAN', stamp);
    const [comment, header] = csv.split('\r\n');
    expect(comment).toBe('# as of 2026-06-01T12:00:00.000Z; data as of 2026-05-30T08:00:00.000Z');
    expect(header!.startsWith('rank,')).toBe(true);
  });
});
