import { describe, expect, it } from 'vitest';
import { rankKey, tiedRanks, viewVariables } from './load-view';
import { PAGE_SIZE, parsePosition, parseView } from './view';
import { row } from './test-rows';

describe('tiedRanks', () => {
  it('finds ranks shared by several rows, ignoring unranked rows', () => {
    const rows = [
      row('a', { rank: 1 }),
      row('b', { rank: 2 }),
      row('c', { rank: 2 }),
      row('d', { rank: null }),
      row('e', { rank: null }),
    ];
    expect([...tiedRanks(rows)]).toEqual([rankKey(rows[1]!)]);
  });

  it('never calls equal ranks over different bases a tie', () => {
    const rows = [row('a', { rank: 2 }), row('m', { rank: 2, probe: true, source: 'MEASURED' })];
    expect(tiedRanks(rows).size).toBe(0);
  });
});

describe('viewVariables', () => {
  it('sends one fixed request per view and page, with no undefined or null values (so the API cache hits)', () => {
    const params = { q: ' moco ', sort: 'task:linear-aircraft', suite: 'ssl-transfer-v1' };
    const a = JSON.stringify(viewVariables(parseView(params), parsePosition(params)));
    const b = JSON.stringify(
      viewVariables(parseView({ suite: 'ssl-transfer-v1', sort: 'task:linear-aircraft', q: 'moco' }), {}),
    );
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual({
      suite: 'ssl-transfer-v1',
      aggregate: 'MEAN',
      first: PAGE_SIZE,
      orderBy: { column: 'task:linear-aircraft', direction: 'DESC' },
      filter: { search: 'moco' },
    });
    expect(Object.values(viewVariables(parseView({})) as Record<string, unknown>)).not.toContain(undefined);
    expect(viewVariables(parseView({}))).not.toHaveProperty('filter');
  });

  it("turns the URL's page position into the API's page arguments, ignoring what is not a cursor", () => {
    expect(viewVariables(parseView({}), parsePosition({ after: 'cm93Ojk5' }))).toMatchObject({
      first: PAGE_SIZE,
      after: 'cm93Ojk5',
    });
    expect(viewVariables(parseView({}), parsePosition({ before: 'cm93OjEwMA' }))).toMatchObject({
      last: PAGE_SIZE,
      before: 'cm93OjEwMA',
    });
    expect(viewVariables(parseView({}), parsePosition({ page: 'last' }))).toMatchObject({ last: PAGE_SIZE });
    expect(parsePosition({ after: '<script>' })).toEqual({});
    // A filter's family and the view's source reach the API; the page position never reaches the view's links.
    const vars = viewVariables(parseView({ family: 'Clustering', source: 'measured', category: 'linear' }));
    expect(vars).toMatchObject({ source: 'MEASURED', category: 'LINEAR', filter: { family: 'Clustering' } });
  });
});
