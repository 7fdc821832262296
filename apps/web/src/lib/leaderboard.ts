import { TASK_CATEGORIES, upperCase } from '@transferboard/suite/types';
import { graphql } from './gql';
import type {
  Aggregate,
  LeaderboardPageQuery,
  LeaderboardPageQueryVariables,
  LeaderboardViewRowsQuery,
  ResultSource,
  TaskCategory,
} from './gql/graphql';
import { gql } from './graphql';

export type Category = TaskCategory;
export type Source = ResultSource;
export type { Aggregate };

/** The suite's task categories, as the API's enum spells them. */
export const CATEGORIES: Category[] = TASK_CATEGORIES.map(upperCase);

/** A task column of a view, as every query of rows reads it. */
export type LeaderboardTask = LeaderboardViewRowsQuery['leaderboard']['tasks'][number];
/** A task's reference protocol (the one its ranks are on) and why it is the reference. */
type LeaderboardColumn = LeaderboardPageQuery['leaderboard']['columns'][number];
export type ProtocolKey = NonNullable<LeaderboardColumn['referenceProtocol']>;
/**
 * `rank` is among the rows comparable on the row's whole `basis` (the categories its score covers).
 * The fields of lib/view-rows.ts's rows; a page's rows (LEADERBOARD_PAGE) add `rankTied`.
 */
export type LeaderboardRow = LeaderboardViewRowsQuery['leaderboard']['rowsPage']['edges'][number]['node'];

/** What the web shows of a row, wherever it shows rows (`/`, and lib/view-rows.ts's filtered rows). */
graphql(`
  fragment LeaderboardRowFields on LeaderboardRow {
    rank rankedAmong basis score source
    rankInterval { low high draws }
    rankIntervalPending
    model { slug name family imagenetTop1 cost { parameters gflopsPerImage imagesPerSecond device precision } }
    categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
    cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong stale staleReason }
    completeness { tasksWithResults tasks }
  }
`);

/**
 * One page of a leaderboard view, sorted and filtered by the API (Leaderboard.rowsPage): what `/`
 * reads. The row fields are LeaderboardRowFields, plus `rankTied`.
 */
const LEADERBOARD_PAGE = graphql(`
  query LeaderboardPage(
    $suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory, $asOf: String, $includeStale: Boolean,
    $first: Int, $after: String, $last: Int, $before: String, $orderBy: LeaderboardOrder, $filter: LeaderboardRowFilter
  ) {
    suites { slug title }
    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category, asOf: $asOf, includeStale: $includeStale) {
      asOf dataAsOf includeStale
      suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }
      aggregate
      rowCount
      families
      tasks { slug title category primaryMetric higherIsBetter }
      columns { task { slug } referenceProtocol { id version } referenceReason }
      rowsPage(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
        totalCount
        offset
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges {
          node {
            rankTied
            ...LeaderboardRowFields
          }
        }
      }
    }
  }
`);

export type LeaderboardPageData = LeaderboardPageQuery;

export function fetchLeaderboardPage(vars: LeaderboardPageQueryVariables): Promise<LeaderboardPageData> {
  return gql(LEADERBOARD_PAGE, vars);
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
