import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/**
 * The web app's only data source: the public GraphQL API, the same one outside users query.
 * Server components call it at request time (no caching here: the API owns caching). Every
 * document is a TypedDocumentNode generated from the API's SDL (src/lib/gql/), so variables and
 * results are checked against the schema the web is deployed with.
 */
export const API_URL = process.env.API_URL ?? `http://localhost:${process.env.API_PORT ?? 4000}/graphql`;

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; suggestion?: string; argument?: string };
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLErrorShape[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'GraphQLRequestError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }

  /** The argument a BAD_USER_INPUT error is about (e.g. `orderBy`), where the API names one. */
  get argument(): string | undefined {
    return this.errors[0]?.extensions?.argument;
  }
}

/** The API's origin, for its non-GraphQL endpoints (POST /artifacts). */
export const API_ORIGIN = new URL(API_URL).origin;

interface RequestOptions {
  /** An API token, sent as `Authorization: Bearer TOKEN` (mutations). */
  token?: string;
}

/** Variables may be left out only where the operation declares none that are required. */
type Arguments<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables, options?: RequestOptions]
    : [variables: TVariables, options?: RequestOptions];

const printed = new WeakMap<TypedDocumentNode<unknown, never>, string>();

function source(document: TypedDocumentNode<unknown, never>): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

export async function gql<TResult, TVariables>(
  document: TypedDocumentNode<TResult, TVariables>,
  ...[variables, options = {}]: Arguments<TVariables>
): Promise<TResult> {
  const response = await fetch(API_URL, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify({ query: source(document as TypedDocumentNode<unknown, never>), variables: variables ?? {} }),
    cache: 'no-store',
  });
  const body = (await response.json()) as { data?: TResult; errors?: GraphQLErrorShape[] };
  if (body.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!body.data) throw new Error(`The API answered ${response.status} without data`);
  return body.data;
}
