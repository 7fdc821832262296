import { TASK_CATEGORIES, upperCase } from '@transferboard/suite/types';
import { graphql } from './gql';
import type { Aggregate, LeaderboardQuery, LeaderboardQueryVariables, ResultSource, TaskCategory } from './gql/graphql';
import { gql } from './graphql';

export type Category = TaskCategory;
export type Source = ResultSource;
export type { Aggregate };

/** The suite's task categories, as the API's enum spells them. */
export const CATEGORIES: Category[] = TASK_CATEGORIES.map(upperCase);

export type LeaderboardData = LeaderboardQuery;
export type LeaderboardTask = LeaderboardData['leaderboard']['tasks'][number];
export type LeaderboardRow = LeaderboardData['leaderboard']['rows'][number];

const LEADERBOARD = graphql(`
  query Leaderboard($suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory) {
    suites { slug title }
    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category) {
      suite { slug title description }
      aggregate
      tasks { slug title category primaryMetric higherIsBetter }
      rows {
        rank score source
        rankInterval { low high }
        model { slug name family imagenetTop1 }
        categoryScores { category score rank tasksWithResults tasks }
        cells { taskSlug value ciLow ciHigh protocolId }
        completeness { tasksWithResults tasks }
      }
    }
  }
`);

export function fetchLeaderboard(vars: LeaderboardQueryVariables): Promise<LeaderboardData> {
  return gql(LEADERBOARD, vars);
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
