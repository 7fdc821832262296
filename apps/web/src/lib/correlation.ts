import { graphql } from './gql';
import type { AnalysisGroupsQuery, GroupCorrelationQuery } from './gql/graphql';
import { gql } from './graphql';
import { linearFit } from './stats';

export interface Correlation {
  /** NaN where the API has none (fewer than two points, or a constant variable). */
  coefficient: number;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
}

/** One of the suite's analysis settings (figure 1), as the API lists them. */
type AnalysisGroup = NonNullable<AnalysisGroupsQuery['suite']>['analysisGroups'][number];

/** One of the paper's analysis settings (figure 1), correlated by the API. */
export interface GroupCorrelation {
  group: AnalysisGroup;
  pearson: Correlation;
  spearman: Correlation;
  points: { slug: string; name: string; x: number; y: number }[];
  fit: { slope: number; intercept: number } | null;
}

const GROUPS = graphql(`
  query AnalysisGroups($suite: String!) {
    suite(slug: $suite) { analysisGroups { slug title metric tasks { slug } } }
  }
`);

/** The paper's method, computed by the API: logit-transformed metric, per-model mean over the group's tasks, one protocol. */
const GROUP_CORRELATION = graphql(`
  query GroupCorrelation($suite: String!, $group: String!) {
    p: correlation(suite: $suite, group: $group, method: PEARSON) {
      coefficient n ciLow ciHigh
      points { model { slug name } source x y }
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
  const data = await gql(GROUP_CORRELATION, { suite, group: group.slug });
  const points = data.p.points.map((p) => ({
    slug: p.model.slug,
    name: p.source === 'MEASURED' ? `${p.model.name} (measured)` : p.model.name,
    x: p.x,
    y: p.y,
  }));
  const fit = linearFit(
    points.map((p) => p.x),
    points.map((p) => p.y),
  );
  return { group, pearson: correlation(data.p), spearman: correlation(data.s), points, fit };
}

/**
 * One correlation per analysis group of the suite; an error of the API surfaces (the page shows
 * it). The caller has loaded the suite's leaderboard first, so an unknown suite is an error here.
 */
export async function fetchGroupCorrelations(suite: string): Promise<GroupCorrelation[]> {
  const { suite: found } = await gql(GROUPS, { suite });
  if (!found) throw new Error(`The API has no suite "${suite}".`);
  return Promise.all(found.analysisGroups.map((g) => fetchGroupCorrelation(suite, g)));
}
