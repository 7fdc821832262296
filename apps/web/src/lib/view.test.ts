import { describe, expect, it } from 'vitest';
import { row } from './test-rows';
import { applyView, familiesOf, parseView, viewHref, viewParams } from './view';

const rows = [
  row('moco-v2', { rank: 2, score: 72, aircraft: 41.8, nyu: 30.5, family: 'contrastive' }),
  row('swav', { rank: 1, score: 76, aircraft: 54.0, nyu: 31.6, family: 'clustering' }),
  row('pcl-v1', { rank: null, score: 60, aircraft: null, nyu: 35, family: 'clustering' }),
];

describe('leaderboard view in the URL', () => {
  it('parses defaults and ignores unknown values', () => {
    const v = parseView({ suite: undefined, aggregate: 'bogus', source: 'nope', category: 'x', sort: 'drop table' });
    expect(v).toMatchObject({
      suite: 'ssl-transfer-v1',
      aggregate: 'MEAN',
      source: undefined,
      category: undefined,
      q: '',
      family: '',
    });
    expect(v.sort).toEqual({ key: 'rank', dir: 'asc' });
  });

  it('round-trips every field through the query string', () => {
    const v = parseView(
      new URLSearchParams(
        'suite=ssl-transfer-cvpr&aggregate=MEAN_RANK&source=measured&category=few_shot&q=moco&family=contrastive&sort=task:linear-aircraft&dir=desc&asOf=2026-06-01T12:00:00Z&stale=1',
      ),
    );
    expect(v).toMatchObject({ asOf: '2026-06-01T12:00:00Z', includeStale: true });
    expect(parseView(viewParams(v))).toEqual(v);
    expect(viewHref('/export', v, { format: 'csv' })).toContain('format=csv');
  });

  it('leaves defaults out of the URL', () => {
    expect(viewParams(parseView({})).toString()).toBe('suite=ssl-transfer-v1');
  });

  it('sorts the mean-rank aggregate ascending by default', () => {
    expect(parseView({ aggregate: 'MEAN_RANK', sort: 'score' }).sort.dir).toBe('asc');
  });
});

describe('applyView', () => {
  it('filters by search (name or slug, any case) and family', () => {
    expect(applyView(rows, parseView({ q: 'MoCo' })).map((r) => r.model.slug)).toEqual(['moco-v2']);
    expect(applyView(rows, parseView({ family: 'Clustering' })).map((r) => r.model.slug)).toEqual(['swav', 'pcl-v1']);
  });

  it('sorts by a task, missing values last in both directions', () => {
    expect(applyView(rows, parseView({ sort: 'task:linear-aircraft', dir: 'desc' })).map((r) => r.model.slug)).toEqual([
      'swav',
      'moco-v2',
      'pcl-v1',
    ]);
    expect(applyView(rows, parseView({ sort: 'task:linear-aircraft', dir: 'asc' })).map((r) => r.model.slug)).toEqual([
      'moco-v2',
      'swav',
      'pcl-v1',
    ]);
  });

  it('keeps a cost sort in the URL, best first by default (the API sorts by it)', () => {
    const v = parseView({ sort: 'cost:ips', cost: '1' });
    expect(v).toMatchObject({ cost: true, sort: { key: 'cost:ips', dir: 'desc' } });
    expect(parseView({ sort: 'cost:gflops' }).sort).toEqual({ key: 'cost:gflops', dir: 'asc' });
    expect(viewParams(v).get('cost')).toBe('1');
    expect(viewParams(v).get('sort')).toBe('cost:ips');
    expect(parseView({}).cost).toBe(false);
  });

  it('lists the families present', () => {
    expect(familiesOf(rows)).toEqual(['clustering', 'contrastive']);
  });
});

describe('sorting under the comparability rule', () => {
  const board = [
    row('moco-v2', { rank: 2, score: 72, aircraft: 41.8, nyu: 30.5 }),
    row('probe', { rank: 1, score: 90, aircraft: 44, nyu: 5, probe: true, source: 'MEASURED' }),
    row('swav', { rank: 1, score: 76, aircraft: 54.0, nyu: 31.6 }),
  ];
  const order = (params: Record<string, string>) => applyView(board, parseView(params)).map((r) => r.model.slug);

  it('orders ranks and scores within each basis, the widest basis first', () => {
    expect(order({})).toEqual(['swav', 'moco-v2', 'probe']);
    expect(order({ sort: 'score', dir: 'desc' })).toEqual(['swav', 'moco-v2', 'probe']);
  });

  it("puts a task's values on another protocol after the comparable ones, in both directions", () => {
    expect(order({ sort: 'task:dense-nyuv2-normals', dir: 'asc' })).toEqual(['moco-v2', 'swav', 'probe']);
    expect(order({ sort: 'task:dense-nyuv2-normals', dir: 'desc' })).toEqual(['swav', 'moco-v2', 'probe']);
    expect(order({ sort: 'category:DENSE', dir: 'desc' })).toEqual(['moco-v2', 'swav', 'probe']);
  });
});
