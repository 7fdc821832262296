import { Kind, parse } from 'graphql';
import { API_URL } from './graphql';

export type ExplorerResult = { ok: true; status: number; json: unknown } | { ok: false; error: string };

/**
 * The docs page's explorer runs read-only queries only: mutations need a token and belong in a
 * real client, not in a shareable GET URL.
 */
function checkQuery(query: string): string | null {
  try {
    const doc = parse(query);
    const mutates = doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation !== 'query');
    return mutates ? 'The explorer runs queries only; send mutations from your own client with an API token.' : null;
  } catch (e) {
    return `Syntax error: ${(e as Error).message}`;
  }
}

export async function runQuery(query: string, variablesText: string): Promise<ExplorerResult> {
  const problem = checkQuery(query);
  if (problem) return { ok: false, error: problem };
  let variables: unknown = {};
  if (variablesText.trim()) {
    try {
      variables = JSON.parse(variablesText);
    } catch {
      return {
        ok: false,
        error: 'The variables are not valid JSON: write an object such as {"suite": "ssl-transfer-v1"}.',
      };
    }
  }
  const response = await fetch(API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
    cache: 'no-store',
  });
  return { ok: true, status: response.status, json: await response.json().catch(() => null) };
}

export const EXAMPLES: { title: string; query: string; variables?: string }[] = [
  {
    title: 'The top of the leaderboard',
    query: `query Top($suite: String!) {
  leaderboard(suite: $suite, aggregate: MEAN, source: REPORTED) {
    columns { task { slug } referenceProtocol { id version } referenceReason }
    rows { rank rankedAmong basis score model { slug name } completeness { tasksWithResults tasks } }
  }
}`,
    variables: '{"suite": "ssl-transfer-v1"}',
  },
  {
    title: 'A model and its many-shot results',
    query: `{
  model(slug: "byol") {
    name imagenetTop1 checkpointUrl
    results(suite: "ssl-transfer-v1") { task { slug category } metric value ciLow ciHigh source }
  }
}`,
  },
  {
    title: 'The tasks of a suite',
    query: `{
  suite(slug: "ssl-transfer-cvpr") { title tasks { slug category primaryMetric higherIsBetter } }
}`,
  },
  {
    title: "ImageNet accuracy vs many-shot transfer (the paper's figure 1)",
    query: `{
  suite(slug: "ssl-transfer-v1") { analysisGroups { slug title metric } }
  correlation(suite: "ssl-transfer-v1", group: "linear", method: SPEARMAN) {
    coefficient n ciLow ciHigh pooledProtocols { id version } points { model { slug } x y }
  }
}`,
  },
  {
    title: 'The submission queue',
    query: `{
  submissions(status: QUEUED, first: 10) { totalCount edges { node { id status queuePosition model { slug name } createdAt } } }
}`,
  },
  {
    title: 'Models, paginated',
    query: `{
  models(first: 5) { totalCount edges { cursor node { slug name family } } pageInfo { hasNextPage endCursor } }
}`,
  },
];
