import { graphql } from './gql';
import type { ModelsQuery } from './gql/graphql';
import { gql } from './graphql';

const MODELS = graphql(`
  query Models($after: String, $task: String, $withResults: Boolean!) {
    models(first: 100, after: $after) {
      edges { node {
        slug name family imagenetTop1
        results(task: $task) @include(if: $withResults) {
          task { slug title category primaryMetric higherIsBetter }
          metric value ciLow ciHigh source protocolId protocolVersion provenance
        }
      } }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export type ModelNode = ModelsQuery['models']['edges'][number]['node'];

/** Every model (all pages of the connection), optionally with its results on one task. */
export async function fetchAllModels(task?: string): Promise<ModelNode[]> {
  const out: ModelNode[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page++) {
    const data: ModelsQuery = await gql(MODELS, { after, task, withResults: task !== undefined });
    out.push(...data.models.edges.map((e) => e.node));
    if (!data.models.pageInfo.hasNextPage) break;
    after = data.models.pageInfo.endCursor;
  }
  return out;
}
