import { gql } from './graphql';
import { schemaFeatures } from './schema-features';

export type Category = 'LINEAR' | 'FEW_SHOT' | 'DETECTION' | 'DENSE' | 'FINETUNE';
export type Source = 'REPORTED' | 'MEASURED';
export type Aggregate = 'MEAN' | 'MEAN_RANK';

export const CATEGORIES: Category[] = ['LINEAR', 'FEW_SHOT', 'DETECTION', 'DENSE', 'FINETUNE'];

export interface LeaderboardTask {
  slug: string;
  title: string;
  category: Category;
  primaryMetric: string;
  higherIsBetter: boolean;
}

export interface LeaderboardRow {
  rank: number | null;
  score: number | null;
  source: Source;
  /** Where the rank could plausibly be, given the CIs; absent while the API does not serve it. */
  rankInterval?: { low: number; high: number } | null;
  model: { slug: string; name: string; family: string | null; imagenetTop1: number | null };
  categoryScores: { category: Category; score: number | null; rank: number | null; tasksWithResults: number; tasks: number }[];
  cells: { taskSlug: string; value: number | null; ciLow: number | null; ciHigh: number | null; protocolId: string | null }[];
  completeness: { tasksWithResults: number; tasks: number };
}

export interface LeaderboardData {
  suites: { slug: string; title: string }[];
  leaderboard: {
    suite: { slug: string; title: string; description: string };
    aggregate: Aggregate;
    tasks: LeaderboardTask[];
    rows: LeaderboardRow[];
  };
}

const query = (withRankInterval: boolean) => /* GraphQL */ `
  query Leaderboard($suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory) {
    suites { slug title }
    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category) {
      suite { slug title description }
      aggregate
      tasks { slug title category primaryMetric higherIsBetter }
      rows {
        rank score source
        ${withRankInterval ? 'rankInterval { low high }' : ''}
        model { slug name family imagenetTop1 }
        categoryScores { category score rank tasksWithResults tasks }
        cells { taskSlug value ciLow ciHigh protocolId }
        completeness { tasksWithResults tasks }
      }
    }
  }
`;

export async function fetchLeaderboard(vars: { suite: string; aggregate?: Aggregate; source?: Source; category?: Category }) {
  const features = await schemaFeatures();
  return gql<LeaderboardData>(query(features.has('LeaderboardRow', 'rankInterval')), vars);
}

export const CATEGORY_LABELS: Record<Category, string> = {
  LINEAR: 'Many-shot linear',
  FEW_SHOT: 'Few-shot',
  DETECTION: 'Detection',
  DENSE: 'Dense',
  FINETUNE: 'Fine-tuned',
};

/** "Aircraft · linear" → "Aircraft"; "ISIC · 5-way 20-shot" → "ISIC 20-shot". */
export function shortTaskLabel(task: { title: string; slug: string }): string {
  const [dataset, detail = ''] = task.title.split(' · ');
  const shots = /(\d+)-shot/.exec(detail);
  return shots ? `${dataset} ${shots[1]}-shot` : (dataset ?? task.slug);
}

export const metricLabel = (metric: string) => metric.replaceAll('_', ' ');

/** mIoU is a fraction; everything else is printed in percent or degrees with two decimals. */
export const metricDigits = (metric: string) => (metric === 'miou' ? 4 : 2);
