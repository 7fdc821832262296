import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';

/**
 * Limits on what one GraphQL document may ask for, checked before anything executes (see
 * docs/api.md). They admit every query the web app sends and the standard introspection query,
 * and reject depth, alias, fragment and directive bombs with QUERY_TOO_COMPLEX.
 */
export const LIMITS = {
  /** Parser tokens per document (graphql-js stops parsing past it). */
  maxTokens: 5000,
  /** Nesting depth of fields (fragments flattened); the standard introspection query's TypeRef chain is 15 deep. */
  maxDepth: 15,
  maxAliases: 30,
  maxDirectives: 50,
  /** graphql-armor's cost: 2 per object, 1 per scalar, ×1.5 per level of depth. */
  maxCost: 20_000,
} as const;

export const PARSE_LIMITS = { maxTokens: LIMITS.maxTokens };

/** Report a violation as a validation error (graphql-armor's default is to throw out of validate()). */
const report = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

export const armorRules: ValidationRule[] = [
  maxDepthRule({ n: LIMITS.maxDepth, flattenFragments: true, ignoreIntrospection: false, ...report }),
  maxAliasesRule({ n: LIMITS.maxAliases, ...report }),
  maxDirectivesRule({ n: LIMITS.maxDirectives, ...report }),
  costLimitRule({ maxCost: LIMITS.maxCost, flattenFragments: true, ignoreIntrospection: false, ...report }),
] as ValidationRule[];
