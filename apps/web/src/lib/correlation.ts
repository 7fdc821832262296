import { graphql } from './gql';
import type { CategoryCorrelationQuery } from './gql/graphql';
import { gql } from './graphql';
import type { Category } from './leaderboard';
import { linearFit } from './stats';

export interface Correlation {
  /** NaN where the API has none (fewer than two points, or a constant variable). */
  coefficient: number;
  n: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface CategoryCorrelation {
  category: Category;
  pearson: Correlation;
  spearman: Correlation;
  points: { slug: string; name: string; x: number; y: number }[];
  fit: { slope: number; intercept: number } | null;
}

/** The paper's method, computed by the API: logit-transformed accuracies, per-model mean per category. */
const CATEGORY_CORRELATION = graphql(`
  query CategoryCorrelation($suite: String!, $category: TaskCategory!) {
    p: correlation(suite: $suite, category: $category, method: PEARSON) {
      coefficient n ciLow ciHigh
      points { model { slug name } source x y }
    }
    s: correlation(suite: $suite, category: $category, method: SPEARMAN) { coefficient n ciLow ciHigh }
  }
`);

const correlation = (c: CategoryCorrelationQuery['s']): Correlation => ({
  coefficient: c.coefficient ?? NaN,
  n: c.n,
  ciLow: c.ciLow,
  ciHigh: c.ciHigh,
});

async function fetchCorrelation(suite: string, category: Category): Promise<CategoryCorrelation> {
  const data = await gql(CATEGORY_CORRELATION, { suite, category });
  const points = data.p.points.map((p) => ({
    slug: p.model.slug,
    name: p.source === 'MEASURED' ? `${p.model.name} (measured)` : p.model.name,
    x: p.x,
    y: p.y,
  }));
  const fit = linearFit(points.map((p) => p.x), points.map((p) => p.y));
  return { category, pearson: correlation(data.p), spearman: correlation(data.s), points, fit };
}

/** One correlation per category; an error of the API surfaces (the page's error boundary shows it). */
export function fetchCorrelations(suite: string, categories: Category[]): Promise<CategoryCorrelation[]> {
  return Promise.all(categories.map((category) => fetchCorrelation(suite, category)));
}
