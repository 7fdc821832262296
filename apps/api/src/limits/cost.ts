import type { DocumentNode, GraphQLField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { CONNECTION_BOUNDS, CONNECTION_EDGES, FIELD_BOUNDS, FIELD_WEIGHTS, type Bound } from './field-bounds';
import type { ListSizes } from './list-sizes';

/**
 * The cost of an operation: an upper bound on the work of answering it, in units of one field
 * resolved (a few microseconds of CPU). Every field counts 1 each time it can appear in the
 * response, and fields that compute (leaderboard aggregation, bootstrap intervals) count what
 * their computation costs in such units (FIELD_WEIGHTS); introspection fields count 1/20. A list
 * multiplies what is under it by the most items it can return (its page size, from variables
 * and defaults too, or its real bound: see field-bounds.ts); aliases count separately, fragments
 * count wherever they are spread, and nesting multiplies. graphql-query-complexity walks the
 * document (honouring @skip and @include, and stopping at MAX_QUERY_NODES so fragment bombs cost
 * no time to refuse).
 */

/**
 * Selections walked, fragments expanded. A document has at most 5,000 tokens, so only fragments
 * spread many times over can reach this: such a document is refused without walking it further.
 */
export const MAX_QUERY_NODES = 5_000;

/** A list nobody gave a bound (a test keeps this from happening): assume it is long. */
const UNKNOWN_LIST_BOUND = 1000;

export type CostResult =
  | { kind: 'cost'; cost: number }
  /** More selections than MAX_QUERY_NODES once fragments are expanded. */
  | { kind: 'too-many-nodes' }
  /** Variables that do not fit their types: execution reports that, and runs nothing. */
  | { kind: 'invalid'; message: string };

/** "[Task!]!" → true. Read from the type's printed form, which is the same in every copy of graphql-js. */
export function isListField(field: GraphQLField<unknown, unknown>): boolean {
  return String(field.type).startsWith('[');
}

function fixed(n: number): Bound {
  return () => n;
}

/** Introspection lists, bounded by the schema itself (it does not change while the API runs). */
export function introspectionBounds(schema: GraphQLSchema): Record<string, Bound> {
  const types = Object.values(schema.getTypeMap());
  const most = (f: (t: GraphQLNamedType) => number) => Math.max(0, ...types.map(f));
  const count = (t: GraphQLNamedType, method: string) => {
    const fn = (t as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') return 0;
    const value = (fn as () => unknown).call(t);
    return Array.isArray(value) ? value.length : Object.keys(value as object).length;
  };
  const fieldsOf = (t: GraphQLNamedType) =>
    'getFields' in t
      ? Object.values((t as unknown as { getFields(): Record<string, { args?: readonly unknown[] }> }).getFields())
      : [];
  const directives = schema.getDirectives();
  // Kinds by class name, not instanceof: vitest loads a second copy of graphql-js beside Apollo's.
  const kind = (t: GraphQLNamedType) => t.constructor.name;
  const abstract = (t: GraphQLNamedType) => kind(t) === 'GraphQLInterfaceType' || kind(t) === 'GraphQLUnionType';
  const possible = (t: GraphQLNamedType) =>
    abstract(t) ? schema.getPossibleTypes(t as Parameters<GraphQLSchema['getPossibleTypes']>[0]).length : 0;
  return {
    '__Schema.types': fixed(types.length),
    '__Schema.directives': fixed(directives.length),
    '__Type.fields': fixed(most((t) => (kind(t) === 'GraphQLInputObjectType' ? 0 : count(t, 'getFields')))),
    '__Type.inputFields': fixed(most((t) => (kind(t) === 'GraphQLInputObjectType' ? count(t, 'getFields') : 0))),
    '__Type.interfaces': fixed(most((t) => count(t, 'getInterfaces'))),
    '__Type.possibleTypes': fixed(most(possible)),
    '__Type.enumValues': fixed(most((t) => count(t, 'getValues'))),
    '__Field.args': fixed(most((t) => Math.max(0, ...fieldsOf(t).map((f) => f.args?.length ?? 0)))),
    '__Directive.args': fixed(Math.max(0, ...directives.map((d) => d.args.length))),
    '__Directive.locations': fixed(Math.max(0, ...directives.map((d) => d.locations.length))),
  };
}

const introspectionCache = new WeakMap<GraphQLSchema, Record<string, Bound>>();

function boundsFor(schema: GraphQLSchema): Record<string, Bound> {
  let bounds = introspectionCache.get(schema);
  if (!bounds) {
    bounds = { ...introspectionBounds(schema), ...FIELD_BOUNDS };
    introspectionCache.set(schema, bounds);
  }
  return bounds;
}

/**
 * Introspection fields resolve from the schema in memory, about 1/70 of a data field's CPU
 * (scripts/bench/hostile/calibrate.ts): they count 1/20.
 */
export const INTROSPECTION_WEIGHT = 1 / 20;

const isIntrospection = (typeName: string, fieldName: string) =>
  typeName.startsWith('__') || fieldName === '__schema' || fieldName === '__type';

export function costEstimator(schema: GraphQLSchema, sizes: ListSizes): ComplexityEstimator {
  const bounds = boundsFor(schema);
  return ({ type, field, args, childComplexity }) => {
    const key = `${type.name}.${field.name}`;
    const base = isIntrospection(type.name, field.name) ? INTROSPECTION_WEIGHT : 1;
    // A list field's weight is work done once for the whole list (Leaderboard.rows), not per item.
    const weight = isIntrospection(type.name, field.name) ? 0 : (FIELD_WEIGHTS[key]?.(args, sizes) ?? 0);
    const own = base + weight;
    const connection = CONNECTION_BOUNDS[key];
    if (connection) return own + connection(args, sizes) * childComplexity;
    if (CONNECTION_EDGES.has(key) || !isListField(field)) return own + childComplexity;
    const n = bounds[key]?.(args, sizes) ?? UNKNOWN_LIST_BOUND;
    return own + n * Math.max(childComplexity, base);
  };
}

export function queryCost(opts: {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown>;
  operationName?: string | null;
  sizes: ListSizes;
}): CostResult {
  try {
    const cost = getComplexity({
      schema: opts.schema,
      query: opts.document,
      variables: opts.variables ?? {},
      operationName: opts.operationName ?? undefined,
      estimators: [costEstimator(opts.schema, opts.sizes)],
      maxQueryNodes: MAX_QUERY_NODES,
    });
    return { kind: 'cost', cost: Math.ceil(cost) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/maximum allowed number of nodes/.test(message)) return { kind: 'too-many-nodes' };
    return { kind: 'invalid', message };
  }
}
