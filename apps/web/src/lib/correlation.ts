import { gql } from './graphql';
import { linearFit } from './stats';

export interface Correlation {
  /** NaN where the API has none (fewer than two points, or a constant variable). */
  coefficient: number;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface AnalysisGroup {
  slug: string;
  title: string;
  metric: string;
  tasks: { slug: string }[];
}

/** One of the paper's analysis settings (figure 1), correlated by the API. */
export interface GroupCorrelation {
  group: AnalysisGroup;
  pearson: Correlation;
  spearman: Correlation;
  points: { slug: string; name: string; x: number; y: number }[];
  fit: { slope: number; intercept: number } | null;
}

interface ApiCorrelation {
  coefficient: number | null;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
  points?: { model: { slug: string; name: string }; source: string; x: number; y: number }[];
}

const GROUPS = /* GraphQL */ `
  query AnalysisGroups($suite: String!) {
    suite(slug: $suite) { analysisGroups { slug title metric tasks { slug } } }
  }
`;

/** The paper's method, computed by the API: logit-transformed metric, per-model mean over the group's tasks, one protocol. */
const GROUP_CORRELATION = /* GraphQL */ `
  query GroupCorrelation($suite: String!, $group: String!) {
    p: correlation(suite: $suite, group: $group, method: PEARSON) { coefficient n ciLow ciHigh points { model { slug name } source x y } }
    s: correlation(suite: $suite, group: $group, method: SPEARMAN) { coefficient n ciLow ciHigh }
  }
`;

const correlation = (c: ApiCorrelation): Correlation => ({ coefficient: c.coefficient ?? NaN, n: c.n, ciLow: c.ciLow, ciHigh: c.ciHigh });

async function fetchGroupCorrelation(suite: string, group: AnalysisGroup): Promise<GroupCorrelation> {
  const data = await gql<{ p: ApiCorrelation; s: ApiCorrelation }>(GROUP_CORRELATION, { suite, group: group.slug });
  const points = (data.p.points ?? []).map((p) => ({
    slug: p.model.slug,
    name: p.source === 'MEASURED' ? `${p.model.name} (measured)` : p.model.name,
    x: p.x,
    y: p.y,
  }));
  return { group, pearson: correlation(data.p), spearman: correlation(data.s), points, fit: linearFit(points.map((p) => p.x), points.map((p) => p.y)) };
}

/** One correlation per analysis group of the suite; an error of the API surfaces (the page shows it). */
export async function fetchGroupCorrelations(suite: string): Promise<GroupCorrelation[]> {
  const { suite: found } = await gql<{ suite: { analysisGroups: AnalysisGroup[] } }>(GROUPS, { suite });
  return Promise.all(found.analysisGroups.map((g) => fetchGroupCorrelation(suite, g)));
}
