import { gql } from './graphql';
import type { Category, LeaderboardRow } from './leaderboard';
import type { SchemaFeatures } from './schema-features';
import { fisherCi, linearFit, pearson, spearman } from './stats';

export interface Correlation {
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
  /** 'api': the API's correlation (the paper's logit method); 'web': computed here from leaderboard scores. */
  origin: 'api' | 'web';
}

interface ApiCorrelation {
  coefficient: number | null;
  n: number;
  ciLow?: number | null;
  ciHigh?: number | null;
  points?: { model: { slug: string; name: string }; source?: string; x: number; y: number }[];
}

async function fromApi(suite: string, category: Category, features: SchemaFeatures): Promise<CategoryCorrelation> {
  const ci = features.has('Correlation', 'ciLow') ? 'ciLow ciHigh' : '';
  const data = await gql<{ p: ApiCorrelation; s: ApiCorrelation }>(
    `query Corr($suite: String!, $category: TaskCategory!) {
      p: correlation(suite: $suite, category: $category, method: PEARSON) { coefficient n ${ci} points { model { slug name } ${features.has('CorrelationPoint', 'source') ? 'source' : ''} x y } }
      s: correlation(suite: $suite, category: $category, method: SPEARMAN) { coefficient n ${ci} }
    }`,
    { suite, category },
  );
  const points = (data.p.points ?? []).map((p) => ({
    slug: p.model.slug,
    name: p.source === 'MEASURED' ? `${p.model.name} (measured)` : p.model.name,
    x: p.x,
    y: p.y,
  }));
  const withCi = (c: ApiCorrelation): Correlation => {
    const coefficient = c.coefficient ?? NaN;
    const fallback = features.has('Correlation', 'ciLow') ? null : fisherCi(coefficient, c.n);
    return { coefficient, n: c.n, ciLow: c.ciLow ?? fallback?.[0] ?? null, ciHigh: c.ciHigh ?? fallback?.[1] ?? null };
  };
  return { category, pearson: withCi(data.p), spearman: withCi(data.s), points, fit: linearFit(points.map((p) => p.x), points.map((p) => p.y)), origin: 'api' };
}

/** ImageNet top-1 against the category score of each complete reported row. */
export function fromLeaderboard(rows: LeaderboardRow[], category: Category): CategoryCorrelation {
  const points = rows
    .filter((r) => r.source === 'REPORTED' && r.model.imagenetTop1 !== null)
    .flatMap((r) => {
      const score = r.categoryScores.find((c) => c.category === category)?.score ?? null;
      return score === null ? [] : [{ slug: r.model.slug, name: r.model.name, x: r.model.imagenetTop1!, y: score }];
    });
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const corr = (r: number): Correlation => {
    const ci = fisherCi(r, points.length);
    return { coefficient: r, n: points.length, ciLow: ci?.[0] ?? null, ciHigh: ci?.[1] ?? null };
  };
  return { category, pearson: corr(pearson(xs, ys)), spearman: corr(spearman(xs, ys)), points, fit: linearFit(xs, ys), origin: 'web' };
}

export async function fetchCorrelations(
  suite: string,
  categories: Category[],
  rows: LeaderboardRow[],
  features: SchemaFeatures,
): Promise<CategoryCorrelation[]> {
  const apiHasIt = features.has('Query', 'correlation');
  return Promise.all(
    categories.map(async (category) => {
      if (!apiHasIt) return fromLeaderboard(rows, category);
      try {
        return await fromApi(suite, category, features);
      } catch {
        return fromLeaderboard(rows, category);
      }
    }),
  );
}
