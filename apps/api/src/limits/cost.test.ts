import { createRequire } from 'node:module';
import type { GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { typeDefs } from '../server';
import { fanOutQuery } from '../test/hostile-requests';
import { queryCost } from './cost';
import { DEFAULT_MAX_COST } from './cost-plugin';
import { CONNECTION_BOUNDS, CONNECTION_EDGES, FIELD_BOUNDS, resultsBound } from './field-bounds';
import { introspectionBounds } from './cost';
import type { ListSizes } from './list-sizes';

// graphql-query-complexity, like Apollo, loads graphql-js's CommonJS build; vitest gives this file
// the ESM build. A schema must come from the same copy as the code that walks it.
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const schema: GraphQLSchema = graphql.buildSchema(typeDefs);

/** The seeded database: the paper's 14 models, 2 suites, 65 tasks. */
const SIZES: ListSizes = {
  models: 14,
  suites: 2,
  tasks: 65,
  results: 1036,
  submissions: 0,
  boardRows: 14,
  tasksPerSuite: 40,
  resultsPerModel: 74,
  resultsPerTaskMetric: 14,
  eventsPerSubmission: 0,
  propertiesPerModel: 27,
  costsPerModel: 0,
};

function cost(query: string, variables: Record<string, unknown> = {}, sizes = SIZES): number {
  const result = queryCost({ schema, document: graphql.parse(query), variables, sizes });
  if (result.kind !== 'cost') throw new Error(`expected a cost, got ${JSON.stringify(result)}`);
  return result.cost;
}

/** The web's leaderboard page (apps/web/src/lib/leaderboard.ts), comparability fields included. */
const LEADERBOARD = `{ suites { slug title } leaderboard(suite: "ssl-transfer-cvpr") {
  suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }
  aggregate tasks { slug title category primaryMetric higherIsBetter }
  columns { task { slug } referenceProtocol { id version } referenceReason }
  rows { rank rankedAmong basis score source rankInterval { low high } model { slug name family imagenetTop1 }
    categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
    cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }
    completeness { tasksWithResults tasks } } } }`;

/** ssl-transfer-v1's (task, metric) pairs × 2 sources; every task's pairs × 2 sources. */
const V1_RESULTS = resultsBound({ suite: 'ssl-transfer-v1' }, SIZES);
/** The whole board in one response (Leaderboard.rows): 4 units per (row, task) cell it can have (field-bounds.ts); 14 rows, 40 tasks. */
const BOARD = 4 * 14 * 40;
/** Reading a view's board from the store (Query.leaderboard's own weight): 4 units per task. */
const VIEW = 4 * 40;
const ALL_RESULTS = resultsBound({}, SIZES);

describe('query cost', () => {
  it('has a bound for every list field of the schema', () => {
    const bounded = new Set([
      ...Object.keys(FIELD_BOUNDS),
      ...Object.keys(introspectionBounds(schema)),
      ...CONNECTION_EDGES,
    ]);
    const lists: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!('getFields' in type) || type.constructor.name === 'GraphQLInputObjectType') continue;
      for (const field of Object.values((type as import('graphql').GraphQLObjectType).getFields())) {
        if (String(field.type).startsWith('[')) lists.push(`${type.name}.${field.name}`);
      }
    }
    expect(lists.length).toBeGreaterThan(20);
    expect(lists.filter((l) => !bounded.has(l))).toEqual([]);
    for (const connection of Object.keys(CONNECTION_BOUNDS))
      expect(connection).toMatch(/^(Query\.|Leaderboard\.rowsPage$|TaskRanking\.entriesPage$)/);
  });

  it("bounds a model's results by tasks × metrics × sources, narrowed by its filters", () => {
    expect(ALL_RESULTS).toBe(2 * 96); // 65 tasks with 96 (task, metric) pairs, 2 sources
    expect(resultsBound({ task: 'linear-cars' }, SIZES)).toBe(2 * 3); // top1, ece, ece_tempscaled
    expect(resultsBound({ task: 'linear-cars', source: 'REPORTED' }, SIZES)).toBe(3);
    expect(V1_RESULTS).toBeLessThan(ALL_RESULTS);
    // Rows of older protocol versions beyond the registry's count widen the bound.
    expect(resultsBound({}, { ...SIZES, resultsPerModel: ALL_RESULTS + 10 })).toBe(ALL_RESULTS + 10);
  });

  it('counts a page size given as a variable or a default, never more than the rows that exist', () => {
    const q = 'query($n: Int) { models(first: $n) { edges { node { slug } } } }';
    // models: 1 + n × (edges 1 + node 1 + slug 1)
    expect(cost(q, { n: 3 })).toBe(1 + 3 * 3);
    expect(cost(q, { n: 100 })).toBe(1 + 14 * 3);
    expect(cost(q, { n: 100 }, { ...SIZES, models: 500 })).toBe(1 + 100 * 3);
    expect(cost(q, {}, { ...SIZES, models: 500 })).toBe(1 + 20 * 3); // the SDL's default
    expect(
      cost('query($n: Int = 7) { models(first: $n) { edges { node { slug } } } }', {}, { ...SIZES, models: 500 }),
    ).toBe(1 + 7 * 3);
  });

  it('counts a list without `first` at its real bound', () => {
    expect(cost('{ model(slug: "byol") { results { value } } }')).toBe(1 + 1 + ALL_RESULTS * 1);
    expect(cost('{ leaderboard(suite: "ssl-transfer-v1") { rows { rank } } }')).toBe(1 + VIEW + BOARD + 1 + 14 * 1);
    expect(cost('{ suites { tasks { slug } } }')).toBe(1 + 2 * (1 + 40 * 1));
  });

  it('multiplies through nesting, and counts aliases and fragments wherever they are used', () => {
    const inner = cost('{ model(slug: "byol") { results { task { slug } } } }');
    const nested = cost('{ model(slug: "byol") { results { model { results { task { slug } } } } } }');
    expect(nested).toBe(1 + 1 + ALL_RESULTS * (1 + (inner - 1)));
    const one = cost('{ leaderboard(suite: "ssl-transfer-v1") { rows { rank } } }');
    expect(
      cost(
        '{ a: leaderboard(suite: "ssl-transfer-v1") { rows { rank } } ' +
          'b: leaderboard(suite: "ssl-transfer-v1") { rows { rank } } }',
      ),
    ).toBe(2 * one);
    const viaFragment = cost(
      '{ leaderboard(suite: "ssl-transfer-v1") { ...F } } fragment F on Leaderboard { rows { rank } }',
    );
    expect(viaFragment).toBe(one);
    const twice = cost(
      '{ leaderboard(suite: "ssl-transfer-v1") { rows { ...R ...R } } } fragment R on LeaderboardRow { rank score }',
    );
    expect(twice).toBe(1 + VIEW + BOARD + 1 + 14 * 4);
  });

  it('charges the fields that compute for their computation, and introspection a twentieth', () => {
    expect(cost('{ leaderboard(suite: "ssl-transfer-v1") { rows { rankInterval { low } } } }')).toBe(
      1 + VIEW + BOARD + 1 + 14 * (1 + 24 * 40 + 1),
    );
    expect(cost('{ correlation(suite: "ssl-transfer-v1", category: LINEAR, method: PEARSON) { n } }')).toBe(
      1 + 600 * 14 + 1,
    );
    // A task's ranking: 16 units per entry it can have (the most results of one task and metric, 14).
    expect(cost('{ task(slug: "linear-cars") { ranking { entries { rank } } } }')).toBe(1 + (1 + 16 * 14) + 1 + 14 * 1);
    expect(cost('{ __schema { queryType { name } } }')).toBe(Math.ceil(3 / 20));
  });

  it('honours @skip and @include with their variables', () => {
    const q = 'query($all: Boolean!) { model(slug: "byol") { slug results @include(if: $all) { value } } }';
    expect(cost(q, { all: false })).toBe(2);
    expect(cost(q, { all: true })).toBe(2 + 1 + ALL_RESULTS);
  });

  it('prices the reproduction from issue 15 far over the budget, one level shallower too', () => {
    const repro = fanOutQuery(2);
    const shallower = fanOutQuery(1);
    expect(cost(repro, { n: 100 })).toBeGreaterThan(100 * DEFAULT_MAX_COST);
    expect(cost(shallower, { n: 100 })).toBeGreaterThan(DEFAULT_MAX_COST);
  });

  it("admits the legitimate large queries: every model's results, the leaderboard, introspection", () => {
    const everything =
      '{ models(first: 100) { totalCount edges { node { slug ' +
      'results { task { slug } metric value ciLow ciHigh source protocolId provenance } } } } }';
    expect(cost(everything)).toBeLessThan(DEFAULT_MAX_COST / 3);
    // With 1,000 models, a page of 100 still fits.
    expect(cost(everything, {}, { ...SIZES, models: 1000 })).toBeLessThan(DEFAULT_MAX_COST);
    expect(cost(graphql.getIntrospectionQuery())).toBeLessThan(DEFAULT_MAX_COST / 5);
    expect(cost(LEADERBOARD)).toBeLessThan(DEFAULT_MAX_COST / 5);
    // A board of 110 rows (96 measured submissions beside the paper's 14) still fits with every
    // comparability field and rank intervals (about 118 do), and so does the analysis page's pair
    // of correlations over 114.
    expect(cost(LEADERBOARD, {}, { ...SIZES, models: 110, boardRows: 110 })).toBeLessThan(DEFAULT_MAX_COST);
    // A page of 100 rows with every field the web shows fits at 10,000 rows; the whole board does not.
    const page = LEADERBOARD.replace('rows {', 'rowsPage(first: 100) { totalCount edges { node {').replace(
      /}\s*}\s*}\s*$/,
      '} } } } }',
    );
    const big = { ...SIZES, models: 10_000, boardRows: 10_000 };
    expect(cost(page, {}, big)).toBeLessThan(DEFAULT_MAX_COST);
    expect(cost(LEADERBOARD, {}, big)).toBeGreaterThan(DEFAULT_MAX_COST);
    // Two models' rows (a model page, a comparison) cost what at most two rows per model cost.
    const named = page.replace('rowsPage(first: 100)', 'rowsPage(filter: { models: ["swav", "byol"] })');
    const four = page.replace('rowsPage(first: 100)', 'rowsPage(first: 4)');
    expect(cost(named, {}, big)).toBe(cost(four, {}, big));
    expect(cost(named, {}, big)).toBeLessThan(cost(page, {}, big) / 10);
    const analysis =
      '{ p: correlation(suite: "ssl-transfer-v1", category: LINEAR, method: PEARSON) ' +
      '{ coefficient n ciLow ciHigh points { model { slug name } source x y } } ' +
      's: correlation(suite: "ssl-transfer-v1", category: LINEAR, method: SPEARMAN) { coefficient n ciLow ciHigh } }';
    expect(cost(analysis, {}, { ...SIZES, models: 114, boardRows: 114 })).toBeLessThan(DEFAULT_MAX_COST);
  });

  it('refuses to expand a fragment bomb, cheaply', () => {
    const levels = 30;
    const defs = Array.from({ length: levels }, (_, i) => `fragment F${i} on Suite { slug ...F${i + 1} ...F${i + 1} }`);
    const query = `{ suites { ...F0 } } ${defs.join(' ')} fragment F${levels} on Suite { title }`;
    expect(queryCost({ schema, document: graphql.parse(query), sizes: SIZES })).toEqual({ kind: 'too-many-nodes' });
  });

  it('leaves variables of the wrong type to execution, which refuses them before any resolver runs', () => {
    const result = queryCost({
      schema,
      document: graphql.parse('query($n: Int) { models(first: $n) { totalCount } }'),
      variables: { n: 'ten' },
      sizes: SIZES,
    });
    expect(result.kind).toBe('invalid');
  });
});
