import { gql } from './graphql';

/**
 * Which types and fields the running API serves. The API grows while the web app is deployed
 * (correlation, submissions, rank intervals…), so pages ask before they query a newer field and
 * show a "not available yet" note instead of failing on a validation error.
 */
export interface SchemaFeatures {
  has(type: string, field?: string): boolean;
  /** Argument names of a field, e.g. args('Query', 'leaderboard') → ['suite', 'category', …]. */
  args(type: string, field: string): string[];
}

interface IntrospectedType {
  name: string;
  fields: { name: string; args: { name: string }[] }[] | null;
  inputFields: { name: string }[] | null;
}

const QUERY = /* GraphQL */ `
  query Features {
    __schema {
      mutationType { name }
      types { name fields { name args { name } } inputFields { name } }
    }
  }
`;

/** After this, the next request refreshes the features in the background (stale-while-revalidate). */
const FRESH_MS = 15_000;
let cached: { at: number; features: Promise<SchemaFeatures> } | undefined;
let refreshing = false;

function load(): Promise<SchemaFeatures> {
  return gql<{ __schema: { types: IntrospectedType[] } }>(QUERY).then((d) => buildFeatures(d.__schema.types));
}

export function buildFeatures(types: IntrospectedType[]): SchemaFeatures {
  const byType = new Map<string, Map<string, string[]>>();
  for (const t of types) {
    const fields = new Map<string, string[]>();
    for (const f of t.fields ?? []) fields.set(f.name, f.args.map((a) => a.name));
    for (const f of t.inputFields ?? []) fields.set(f.name, []);
    byType.set(t.name, fields);
  }
  return {
    has: (type, field) => (field === undefined ? byType.has(type) : byType.get(type)?.has(field) ?? false),
    args: (type, field) => byType.get(type)?.get(field) ?? [],
  };
}

/**
 * The API's features, introspected once and then kept fresh in the background: a page never
 * waits for introspection except the very first one after the web server starts.
 */
export function schemaFeatures(): Promise<SchemaFeatures> {
  if (!cached) {
    const features = load();
    cached = { at: Date.now(), features };
    features.catch(() => (cached = undefined));
    return features;
  }
  if (Date.now() - cached.at > FRESH_MS && !refreshing) {
    refreshing = true;
    load()
      .then((features) => (cached = { at: Date.now(), features: Promise.resolve(features) }))
      .catch(() => undefined) // keep serving the last known features while the API is away
      .finally(() => (refreshing = false));
  }
  return cached.features;
}
