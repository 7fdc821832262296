import { graphql } from './gql';
import type { AnalysisGroupsQuery, GroupCorrelationQuery } from './gql/graphql';
import { GraphQLRequestError, gql } from './graphql';

export interface Correlation {
  /** NaN where the API has none (fewer than two points, or a constant variable). */
  coefficient: number;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
}

/** One of the suite's analysis settings (figure 1), as the API lists them. */
type AnalysisGroup = NonNullable<AnalysisGroupsQuery['suite']>['analysisGroups'][number];

/**
 * The most points a scatter shows: a readable chart and a bounded page. Each point is ~260 bytes
 * of server-rendered SVG and the page has up to eight scatters: at 500 points each, /analysis was
 * 1.25 MB at 1,014 models; at 100 it stays under 300 kB. The API picks them (every reported
 * point, then an even sample of the rest).
 */
const SCATTER_POINTS = 100;

/** One of the paper's analysis settings (figure 1), correlated by the API. */
export interface GroupCorrelation {
  group: AnalysisGroup;
  pearson: Correlation;
  spearman: Correlation;
  /** At most SCATTER_POINTS of them: every reported point, then an even sample (the API's choice). */
  points: { slug: string; name: string; x: number; y: number }[];
  /** How many points the coefficients, the interval and the line are over. */
  pointCount: number;
  /** The least-squares line over every point (the API's), not only those shown. */
  fit: { slope: number; intercept: number } | null;
}

const GROUPS = graphql(`
  query AnalysisGroups($suite: String!) {
    suite(slug: $suite) { analysisGroups { slug title metric tasks { slug } } }
  }
`);

/** The paper's method, computed by the API: logit-transformed metric, per-model mean over the group's tasks, one protocol. */
const GROUP_CORRELATION = graphql(`
  query GroupCorrelation($suite: String!, $group: String!, $points: Int!) {
    p: correlation(suite: $suite, group: $group, method: PEARSON) {
      coefficient n ciLow ciHigh pointCount fit { slope intercept }
      points(first: $points) { model { slug name } source x y }
    }
    s: correlation(suite: $suite, group: $group, method: SPEARMAN) { coefficient n ciLow ciHigh }
  }
`);

const correlation = (c: GroupCorrelationQuery['s']): Correlation => ({
  coefficient: c.coefficient ?? NaN,
  n: c.n,
  ciLow: c.ciLow,
  ciHigh: c.ciHigh,
});

async function fetchGroupCorrelation(suite: string, group: AnalysisGroup): Promise<GroupCorrelation> {
  const data = await gql(GROUP_CORRELATION, { suite, group: group.slug, points: SCATTER_POINTS });
  const points = data.p.points.map((p) => ({
    slug: p.model.slug,
    name: p.source === 'MEASURED' ? `${p.model.name} (measured)` : p.model.name,
    x: p.x,
    y: p.y,
  }));
  return {
    group,
    pearson: correlation(data.p),
    spearman: correlation(data.s),
    points,
    pointCount: data.p.pointCount,
    fit: data.p.fit ?? null,
  };
}

/**
 * One correlation per analysis group of the suite; an error of the API surfaces (the page shows
 * it). The caller has loaded the suite's leaderboard first, so an unknown suite is an error here.
 */
export async function fetchGroupCorrelations(suite: string): Promise<GroupCorrelation[]> {
  const { suite: found } = await gql(GROUPS, { suite });
  if (!found)
    throw new GraphQLRequestError([{ message: `The API has no suite "${suite}".`, extensions: { code: 'NOT_FOUND' } }]);
  return Promise.all(found.analysisGroups.map((g) => fetchGroupCorrelation(suite, g)));
}
