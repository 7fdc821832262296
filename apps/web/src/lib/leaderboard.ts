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

export interface ProtocolKey {
  id: string;
  version: number;
}

export interface LeaderboardCell {
  taskSlug: string;
  value: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  protocolId: string | null;
  protocolVersion: number | null;
  /** False when the value is on another protocol than the column's reference: shown, never ranked against it. */
  comparable: boolean;
  /** Rank among the view's values of the task on the same protocol. */
  rank: number | null;
  rankedAmong: number | null;
}

export interface CategoryScore {
  category: Category;
  score: number | null;
  rank: number | null;
  rankedAmong: number | null;
  comparable: boolean;
  protocols: ProtocolKey[];
  tasksWithResults: number;
  tasks: number;
}

export interface LeaderboardRow {
  /** Among the rows comparable on this row's whole basis, scored over the basis alone. */
  rank: number | null;
  rankedAmong: number | null;
  /** The categories the score and rank cover. */
  basis: Category[];
  score: number | null;
  source: Source;
  /** Where the rank could be under another choice of tasks; absent while the API does not serve it. */
  rankInterval?: { low: number; high: number } | null;
  model: { slug: string; name: string; family: string | null; imagenetTop1: number | null };
  categoryScores: CategoryScore[];
  cells: LeaderboardCell[];
  completeness: { tasksWithResults: number; tasks: number };
}

export interface LeaderboardColumn {
  task: { slug: string };
  referenceProtocol: ProtocolKey | null;
  referenceReason: 'PAPER' | 'RUNNER' | 'MOST_FREQUENT' | null;
}

export interface SuiteProvenance {
  reportedNumbers: string;
  taskList: string;
  reconstructed: boolean;
  evidenceFor: string[];
  evidenceAgainst: string[];
}

export interface LeaderboardData {
  suites: { slug: string; title: string }[];
  leaderboard: {
    suite: { slug: string; title: string; description: string; provenance: SuiteProvenance };
    aggregate: Aggregate;
    tasks: LeaderboardTask[];
    columns: LeaderboardColumn[];
    rows: LeaderboardRow[];
  };
}

const query = (withRankInterval: boolean) => /* GraphQL */ `
  query Leaderboard($suite: String!, $aggregate: Aggregate, $source: ResultSource, $category: TaskCategory) {
    suites { slug title }
    leaderboard(suite: $suite, aggregate: $aggregate, source: $source, category: $category) {
      suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }
      aggregate
      tasks { slug title category primaryMetric higherIsBetter }
      columns { task { slug } referenceProtocol { id version } referenceReason }
      rows {
        rank rankedAmong basis score source
        ${withRankInterval ? 'rankInterval { low high }' : ''}
        model { slug name family imagenetTop1 }
        categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
        cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }
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
