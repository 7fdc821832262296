import { graphql } from './gql';
import type { LeaderboardRowFilter, LeaderboardViewRowsQuery, ResultSource } from './gql/graphql';
import { gql, GraphQLRequestError } from './graphql';

/**
 * Some rows of a leaderboard view, under a filter (Leaderboard.rowsPage's `filter`): a few
 * models' rows for the model and compare pages, the paper's reported rows for the analysis
 * page's findings, without the rest of the board (10,000 rows at scale, about 6.7 kB each with
 * these fields). Filters hide rows: ranks, ties and bases are the whole view's. The row fields are
 * the web's LeaderboardRowFields (lib/leaderboard.ts).
 */
const LEADERBOARD_VIEW_ROWS = graphql(`
  query LeaderboardViewRows($suite: String!, $source: ResultSource, $filter: LeaderboardRowFilter!, $after: String) {
    suites { slug title }
    leaderboard(suite: $suite, source: $source) {
      tasks { slug title category primaryMetric higherIsBetter }
      rowsPage(first: 100, after: $after, filter: $filter) {
        pageInfo { hasNextPage endCursor }
        edges {
          node {
            ...LeaderboardRowFields
          }
        }
      }
    }
  }
`);

type Board = LeaderboardViewRowsQuery['leaderboard'];
export type ViewRowsData = {
  suites: LeaderboardViewRowsQuery['suites'];
  tasks: Board['tasks'];
  rows: Board['rowsPage']['edges'][number]['node'][];
};

/** At most this many pages of a filter's rows are read (the paper's reported rows are one page; 14 rows today). */
const MAX_PAGES = 10;

/** The rows of a view that pass `filter`, in the view's order (an unknown suite is a NOT_FOUND error). */
async function fetchViewRows(
  suite: string,
  source: ResultSource | undefined,
  filter: LeaderboardRowFilter,
): Promise<ViewRowsData> {
  let after: string | null = null;
  let out: ViewRowsData | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data: LeaderboardViewRowsQuery = await gql(LEADERBOARD_VIEW_ROWS, { suite, source, filter, after });
    const { tasks, rowsPage } = data.leaderboard;
    out ??= { suites: data.suites, tasks, rows: [] };
    out.rows.push(...rowsPage.edges.map((e) => e.node));
    if (!rowsPage.pageInfo.hasNextPage) break;
    after = rowsPage.pageInfo.endCursor;
  }
  return out!;
}

/**
 * The named models' rows (at most 10 slugs, the API's bound; a model has a row per source), or
 * null when the API answers NOT_FOUND (an unknown suite, the only thing the query looks up). Any
 * other error is thrown, for the page to show as an error rather than as an unknown suite.
 */
export async function fetchModelRows(vars: {
  suite: string;
  source?: ResultSource;
  models: string[];
}): Promise<ViewRowsData | null> {
  try {
    return await fetchViewRows(vars.suite, vars.source, { models: vars.models });
  } catch (e) {
    if (e instanceof GraphQLRequestError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

/** The paper's reported rows of the suite's view, ranked among every row: what the findings re-check. */
export function fetchReportedRows(suite: string) {
  return fetchViewRows(suite, undefined, { source: 'REPORTED' });
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
