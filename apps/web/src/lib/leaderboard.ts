import { gql } from './graphql';

export type Category = 'LINEAR' | 'FEW_SHOT' | 'DETECTION' | 'DENSE' | 'FINETUNE';
export type Source = 'REPORTED' | 'MEASURED';

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
  model: { slug: string; name: string; family: string | null; imagenetTop1: number | null };
  categoryScores: { category: Category; score: number | null; rank: number | null; tasksWithResults: number; tasks: number }[];
  cells: { taskSlug: string; value: number | null; ciLow: number | null; ciHigh: number | null; protocolId: string | null }[];
  completeness: { tasksWithResults: number; tasks: number };
}

export interface LeaderboardData {
  suites: { slug: string; title: string }[];
  leaderboard: {
    suite: { slug: string; title: string; description: string };
    aggregate: 'MEAN' | 'MEAN_RANK';
    tasks: LeaderboardTask[];
    rows: LeaderboardRow[];
  };
}

const LEADERBOARD_QUERY = /* GraphQL */ `
  query Leaderboard($suite: String!, $aggregate: Aggregate, $source: ResultSource) {
    suites { slug title }
    leaderboard(suite: $suite, aggregate: $aggregate, source: $source) {
      suite { slug title description }
      aggregate
      tasks { slug title category primaryMetric higherIsBetter }
      rows {
        rank score source
        model { slug name family imagenetTop1 }
        categoryScores { category score rank tasksWithResults tasks }
        cells { taskSlug value ciLow ciHigh protocolId }
        completeness { tasksWithResults tasks }
      }
    }
  }
`;

export function fetchLeaderboard(vars: { suite: string; aggregate?: 'MEAN' | 'MEAN_RANK'; source?: Source }) {
  return gql<LeaderboardData>(LEADERBOARD_QUERY, vars);
}

export const CATEGORY_LABELS: Record<Category, string> = {
  LINEAR: 'Many-shot linear',
  FEW_SHOT: 'Few-shot',
  DETECTION: 'Detection',
  DENSE: 'Dense',
  FINETUNE: 'Fine-tuned',
};
