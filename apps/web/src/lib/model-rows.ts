import { graphql } from './gql';
import type { LeaderboardModelRowsQuery, LeaderboardModelRowsQueryVariables } from './gql/graphql';
import { gql, GraphQLRequestError } from './graphql';

/**
 * A few models' rows of a leaderboard view (Leaderboard.rowsPage's `filter.models`): what the
 * model page and the compare page show, without the rest of the board (10,000 rows at scale).
 * Ranks, ties and bases are the whole view's. The row fields are those of LEADERBOARD's rows.
 */
const LEADERBOARD_MODEL_ROWS = graphql(`
  query LeaderboardModelRows($suite: String!, $source: ResultSource, $models: [String!]!) {
    suites { slug title }
    leaderboard(suite: $suite, source: $source) {
      tasks { slug title category primaryMetric higherIsBetter }
      rowsPage(first: 20, filter: { models: $models }) {
        edges {
          node {
            rank rankedAmong basis score source
            rankInterval { low high draws }
            rankIntervalPending
            model { slug name family imagenetTop1 cost { parameters gflopsPerImage imagesPerSecond device precision } }
            categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
            cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong stale staleReason }
            completeness { tasksWithResults tasks }
          }
        }
      }
    }
  }
`);

type Board = LeaderboardModelRowsQuery['leaderboard'];
export type ModelRowsData = {
  suites: LeaderboardModelRowsQuery['suites'];
  tasks: Board['tasks'];
  rows: Board['rowsPage']['edges'][number]['node'][];
};

/**
 * The named models' rows (at most 10 slugs, the API's bound), in the view's order, or null when
 * the API answers NOT_FOUND (an unknown suite, the only thing the query looks up). Any other
 * error is thrown, for the page to show as an error rather than as an unknown suite.
 */
export async function fetchModelRows(vars: LeaderboardModelRowsQueryVariables): Promise<ModelRowsData | null> {
  try {
    const data = await gql(LEADERBOARD_MODEL_ROWS, vars);
    const { tasks, rowsPage } = data.leaderboard;
    return { suites: data.suites, tasks, rows: rowsPage.edges.map((e) => e.node) };
  } catch (e) {
    if (e instanceof GraphQLRequestError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

const MODEL_EXISTS = graphql(`
  query ModelExists($slug: String!) {
    model(slug: $slug) { slug }
  }
`);

/**
 * Whether a model exists, by slug: null when it does, else what the API said (NOT_FOUND, with a
 * near match where there is one, or BAD_USER_INPUT for what cannot be a slug). One small query
 * per slug instead of every model.
 */
export async function modelLookupError(slug: string): Promise<string | null> {
  try {
    const data = await gql(MODEL_EXISTS, { slug });
    return data.model ? null : `Unknown model "${slug}".`;
  } catch (e) {
    if (e instanceof GraphQLRequestError && (e.code === 'NOT_FOUND' || e.code === 'BAD_USER_INPUT')) return e.message;
    throw e;
  }
}

const PAPER_MODELS = graphql(`
  query PaperModels {
    models(first: 100, filter: { source: PAPER }) { edges { node { slug name } } }
  }
`);

/** The paper's models (one page, at most 100): the compare form's suggestions; any other slug can be typed. */
export async function fetchPaperModels(): Promise<{ slug: string; name: string }[]> {
  const data = await gql(PAPER_MODELS);
  return data.models.edges.map((e) => e.node);
}
