import { GraphQLError } from 'graphql';
import { closest } from '@transferboard/suite/registry';

/** The one list of error codes the API puts in `extensions.code`. Clients may switch on them. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  CONFLICT: 'CONFLICT',
  QUOTA_EXCEEDED: 'QUOTA_EXCEEDED',
  STALE_LEASE: 'STALE_LEASE',
  /** The job made no progress for JOB_STALL_SECONDS: the heartbeat took it back (queued again or failed). */
  JOB_STALLED: 'JOB_STALLED',
  /** A reported result's protocol is not the task's runner protocol (or is not named). */
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  /** The request ran past its time limit (API_REQUEST_TIMEOUT_MS): 503. */
  QUERY_TIMEOUT: 'QUERY_TIMEOUT',
  /** The response would be larger than API_MAX_RESPONSE_BYTES. */
  RESPONSE_TOO_LARGE: 'RESPONSE_TOO_LARGE',
  /** The client sent more requests than its rate limit allows: 429 with Retry-After. */
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes that Apollo and graphql-js raise for malformed requests; passed through unmasked. */
export const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export function badInput(message: string, argument?: string): GraphQLError {
  return apiError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
}

/** An unknown slug names what was wrong and, where one is close, what was probably meant. */
export function notFound(kind: string, slug: string, known: Iterable<string>): GraphQLError {
  const suggestion = closest(slug, known);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  return apiError(ErrorCode.NOT_FOUND, `Unknown ${kind} "${slug}".${hint}`, {
    kind,
    slug,
    ...(suggestion ? { suggestion } : {}),
  });
}
