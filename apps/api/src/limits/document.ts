import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';

/**
 * Limits on the shape of one GraphQL document, checked while it is validated, before anything
 * executes (see docs/api.md). They admit every query the web app sends and the standard
 * introspection query, and reject depth, alias and directive bombs with QUERY_TOO_COMPLEX. What
 * a document may cost (how many fields its response can hold) is checked once its variables are
 * known: see cost.ts and cost-plugin.ts.
 */
const LIMITS = {
  /** Parser tokens per document (graphql-js stops parsing past it). */
  maxTokens: 5000,
  /** Nesting depth of fields (fragments flattened); the standard introspection query's TypeRef chain is 15 deep. */
  maxDepth: 15,
  maxAliases: 30,
  maxDirectives: 50,
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
] as ValidationRule[];
