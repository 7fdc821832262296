import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiContext } from '../context';
import { apiError, ErrorCode } from '../errors';

/** The default time limit of one GraphQL request, from the end of its body to its answer (API_REQUEST_TIMEOUT_MS). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

export function timeoutMessage(ms: number): string {
  return (
    `The request took longer than its time limit of ${ms} ms and was stopped. ` +
    'Ask for less (fewer fields, smaller pages), or retry later if the API is busy.'
  );
}

/**
 * Makes a request's deadline stop its execution: graphql-js 16 has no abort signal, so once the
 * request's signal is aborted (by the HTTP layer's timer, or a client that went away) every
 * field that has not started yet throws instead of resolving. Work already inside a resolver
 * (one batched statement) finishes; nothing new starts, and the response is discarded.
 */
export const deadlinePlugin: ApolloServerPlugin<ApiContext> = {
  async requestDidStart({ contextValue }) {
    const signal = contextValue.signal;
    if (!signal) return;
    const stopped = () =>
      apiError(ErrorCode.QUERY_TIMEOUT, 'The request was stopped at its time limit.', { http: { status: 503 } });
    return {
      async didResolveOperation() {
        if (signal.aborted) throw stopped();
      },
      async executionDidStart() {
        return {
          willResolveField() {
            if (signal.aborted) throw stopped();
          },
        };
      },
    };
  },
};
