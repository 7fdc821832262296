import { gql } from './graphql';
import type { Category, Source } from './leaderboard';

export interface ModelResult {
  task: { slug: string; title: string; category: Category; primaryMetric: string; higherIsBetter: boolean };
  metric: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
  source: Source;
  protocolId: string;
  protocolVersion: number;
  provenance: Record<string, unknown>;
}

export interface ModelSummary {
  slug: string;
  name: string;
  family: string | null;
  imagenetTop1: number | null;
}

const PAGE = /* GraphQL */ `
  query Models($after: String, $task: String, $withResults: Boolean!) {
    models(first: 100, after: $after) {
      edges { node {
        slug name family imagenetTop1
        results(task: $task) @include(if: $withResults) { task { slug title category primaryMetric higherIsBetter } metric value ciLow ciHigh source protocolId protocolVersion provenance }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

type Node = ModelSummary & { results?: ModelResult[] };

/** Every model (all pages of the connection), optionally with its results on one task. */
export async function fetchAllModels(task?: string): Promise<Node[]> {
  const out: Node[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const data: { models: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gql(PAGE, {
      after,
      task,
      withResults: task !== undefined,
    });
    out.push(...data.models.edges.map((e) => e.node));
    if (!data.models.pageInfo.hasNextPage) break;
    after = data.models.pageInfo.endCursor;
  }
  return out;
}
