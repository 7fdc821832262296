import type { Metadata } from 'next';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildClientSchema, getIntrospectionQuery, parse, printSchema, type IntrospectionQuery } from 'graphql';
import { API_URL, gql } from '../../../lib/graphql';
import { EXAMPLES, runQuery } from '../../../lib/explorer';
import { param } from '../../../lib/view';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'GraphQL API' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** graphql-js's own introspection query, typed by graphql-js's own result type. */
const INTROSPECTION: TypedDocumentNode<IntrospectionQuery, Record<string, never>> = parse(
  getIntrospectionQuery({ descriptions: true }),
);

async function loadSdl(): Promise<string | null> {
  try {
    const data = await gql(INTROSPECTION);
    return printSchema(buildClientSchema(data));
  } catch {
    return null;
  }
}

const exampleHref = (e: (typeof EXAMPLES)[number]) =>
  `/docs/api?${new URLSearchParams({ query: e.query, ...(e.variables ? { variables: e.variables } : {}) }).toString()}#explorer`;

export default async function ApiDocsPage({ searchParams }: Props) {
  const params = await searchParams;
  const query = param(params, 'query') ?? '';
  const variables = param(params, 'variables') ?? '';
  const [sdl, result] = await Promise.all([
    loadSdl(),
    query.trim() ? runQuery(query, variables) : Promise.resolve(null),
  ]);
  const publicUrl = API_URL.replace('127.0.0.1', 'localhost');

  return (
    <>
      <h1>GraphQL API</h1>
      <p className="lede">
        Everything on this site comes from the public GraphQL API at <code>{publicUrl}</code>: POST{' '}
        <code>{'{"query": "…", "variables": {…}}'}</code> as JSON. Lists are cursor-paginated (<code>first</code>,{' '}
        <code>after</code>); mutations take an API token as <code>Authorization: Bearer TOKEN</code>.
      </p>
      <pre className="code">{`curl -s ${publicUrl} -H 'content-type: application/json' \\
  -d '{"query": "{ suites { slug title } }"}'`}</pre>
      <section aria-labelledby="examples">
        <h2 id="examples">Example queries</h2>
        <ul>
          {EXAMPLES.map((e) => (
            <li key={e.title}>
              <a href={exampleHref(e)}>{e.title}</a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="explorer">
        <h2 id="explorer">Explorer</h2>
        <form method="get" action="/docs/api#explorer" className="explorer">
          <div className="field" style={{ maxWidth: '60rem' }}>
            <label htmlFor="query">Query</label>
            <textarea
              id="query"
              name="query"
              className="query"
              defaultValue={query || EXAMPLES[0]!.query}
              spellCheck={false}
            />
          </div>
          <div className="field" style={{ maxWidth: '60rem' }}>
            <label htmlFor="variables">Variables (JSON)</label>
            <textarea
              id="variables"
              name="variables"
              className="query"
              style={{ minHeight: '3rem' }}
              defaultValue={query ? variables : EXAMPLES[0]!.variables}
              spellCheck={false}
            />
          </div>
          <button type="submit">Run query</button>
        </form>
        {result ? (
          result.ok ? (
            <>
              <h3>Response (HTTP {result.status})</h3>
              {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take keyboard focus to be scrolled without a mouse (WCAG 2.1.1) */}
              <pre className="code" id="response" tabIndex={0}>
                {JSON.stringify(result.json, null, 2)}
              </pre>
            </>
          ) : (
            <p className="error-box" role="alert">
              {result.error}
            </p>
          )
        ) : null}
      </section>
      <section aria-labelledby="schema">
        <h2 id="schema">Schema</h2>
        {sdl ? (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take keyboard focus to be scrolled without a mouse (WCAG 2.1.1)
          <pre className="code" id="sdl" tabIndex={0}>
            {sdl}
          </pre>
        ) : (
          <p className="error-box" role="alert">
            The API did not answer the introspection query.
          </p>
        )}
      </section>
    </>
  );
}
