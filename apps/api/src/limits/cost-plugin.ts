import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiContext } from '../context';
import { apiError, ErrorCode } from '../errors';
import { MAX_QUERY_NODES, queryCost } from './cost';
import type { ListSizes } from './list-sizes';
import { nextTurn } from './turns';

/** The default budget of one operation, in cost units (fields its response can hold; docs/api.md). */
export const DEFAULT_MAX_COST = 200_000;

const HOW =
  'Ask for fewer fields, smaller pages (`first`) or less nesting, or split the query into several requests ' +
  '(docs/api.md, "Query cost").';

/**
 * Refuses an operation whose cost is over the budget, once its variables are known and before
 * anything runs: QUERY_TOO_COMPLEX (400) with the cost and the limit in its extensions. Runs in
 * didResolveOperation rather than as a validation rule because Apollo caches validation per
 * document, and the cost depends on the variables (`first: $n`).
 */
export function costLimitPlugin(opts: { maxCost: number; sizes: () => ListSizes }): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request, contextValue }) {
          await nextTurn(); // validation just ran: pricing takes a turn of its own (turns.ts)
          const result = queryCost({
            schema,
            document,
            operationName,
            variables: request.variables,
            sizes: opts.sizes(),
          });
          // Variables that do not fit their types: execution refuses them before any resolver runs.
          if (result.kind === 'invalid') return;
          if (result.kind === 'too-many-nodes') {
            throw apiError(
              ErrorCode.QUERY_TOO_COMPLEX,
              `This query has more than ${MAX_QUERY_NODES} selections once its fragments are expanded. ${HOW}`,
              {
                limit: MAX_QUERY_NODES,
                http: { status: 400 },
              },
            );
          }
          contextValue.stats.cost = result.cost;
          if (result.cost > opts.maxCost) {
            throw apiError(
              ErrorCode.QUERY_TOO_COMPLEX,
              `This query costs ${result.cost} units, over the limit of ${opts.maxCost} per request (a unit is one ` +
                `field the response can hold; lists count their longest, computed fields more). ${HOW}`,
              { cost: result.cost, limit: opts.maxCost, http: { status: 400 } },
            );
          }
        },
      };
    },
  };
}
