/**
 * The web app's only data source: the public GraphQL API, the same one outside users query.
 * Server components call it at request time (no caching here: the API owns caching).
 */
export const API_URL = process.env.API_URL ?? `http://localhost:${process.env.API_PORT ?? 4000}/graphql`;

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; suggestion?: string };
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLErrorShape[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'GraphQLRequestError';
  }

  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

/** The API's origin, for its non-GraphQL endpoints (POST /artifacts). */
export const API_ORIGIN = new URL(API_URL).origin;

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, options: { token?: string } = {}): Promise<T> {
  const response = await fetch(API_URL, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    cache: 'no-store',
  });
  const body = (await response.json()) as { data?: T; errors?: GraphQLErrorShape[] };
  if (body.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!body.data) throw new Error(`The API answered ${response.status} without data`);
  return body.data;
}
