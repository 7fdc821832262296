import { mulberry32 } from '@transferboard/suite/random';

/**
 * A seeded generator of malformed and hostile GraphQL-over-HTTP requests: broken JSON, wrong
 * content types and methods, wrong shapes and types, unknown fields and slugs, huge strings,
 * deep nesting, alias, fragment and directive bombs, bad cursors and page sizes, missing and
 * forged tokens. Every one is a client's mistake, so the API must answer each with a 4xx-class
 * GraphQL error (or, for the odd one that is valid after all, data), never a 5xx.
 */
export interface HostileRequest {
  kind: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  headers: Record<string, string>;
  /** Path (default /graphql); may hold broken percent-encoding, as a hostile client sends it. */
  path?: string;
  /** Query string for GET requests. */
  search?: string;
  body?: string | Uint8Array;
}

/** The fan-out query of issue 15 (one level of `results { model { … } }` per `depth`). */
export function fanOutQuery(depth: number): string {
  const open = 'results { model { '.repeat(depth);
  const close = '} } '.repeat(depth);
  return `query($n: Int) { models(first: $n) { edges { node { ${open}results { task { slug } } ${close}} } } }`;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

export function hostileRequests(count: number, seed: number): HostileRequest[] {
  const rand = mulberry32(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const ascii = (n: number) => Array.from({ length: n }, () => String.fromCharCode(0x21 + int(0x5e))).join('');
  const junk = (n: number) => Array.from({ length: n }, () => String.fromCharCode(int(0x2fff))).join('');
  const post = (kind: string, body: unknown, headers: Record<string, string> = JSON_HEADERS): HostileRequest => ({
    kind,
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const gql = (kind: string, query: string, variables?: unknown, headers?: Record<string, string>) =>
    post(kind, { query, variables }, headers);

  const deep = (depth: number) =>
    `{ ${'submissions { edges { node { job { submission { '.repeat(depth)} id ${'} } } } }'.repeat(depth)} }`;
  const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: suites { slug }`).join(' ')} }`;
  const fragmentBomb = (levels: number) => {
    const defs = Array.from({ length: levels }, (_, i) => `fragment F${i} on Suite { slug ...F${i + 1} ...F${i + 1} }`);
    defs.push(`fragment F${levels} on Suite { title }`);
    return `{ suites { ...F0 } } ${defs.join(' ')}`;
  };
  const cyclicFragments = '{ suites { ...A } } fragment A on Suite { ...B } fragment B on Suite { ...A }';
  const directives = (n: number) => `{ suites ${'@include(if: true) '.repeat(n)}{ slug } }`;
  const tokens = (n: number) => `{ ${'suites { slug } '.repeat(n)} }`;

  type Body = string | Uint8Array;
  type Headers = Record<string, string>;
  const path = (kind: string, method: HostileRequest['method'], p: string, headers: Headers = {}, body?: Body) =>
    ({ kind, method, path: p, headers, body }) as HostileRequest;
  const brokenEncoding = () =>
    pick(['%E0%A4%A', '%', '%ZZ', '%C0%AF', '%00', '%ff%fe', '..%2f..%2fetc%2fpasswd', `%${ascii(2)}`, junk(3)]);
  const forgedBearer = () =>
    pick(['Bearer', `Bearer tb_${'a'.repeat(43)}`, `Bearer ${ascii(12)}`, 'Basic dXNlcjpwYXNz']);
  const aliasedFanOut = (n: number) => {
    const alias = (i: number) => `a${i}: models(first: $n) { edges { node { results { model { slug } } } } }`;
    return `query($n: Int) { ${Array.from({ length: n }, (_, i) => alias(i)).join(' ')} }`;
  };
  const pagedFanOut = 'query($n: Int) { results(first: $n) { edges { node { model { results { value } } } } } }';
  const fanOutFragments = `query($n: Int) { models(first: $n) { edges { node { ...M } } } }
    fragment M on Model { results { model { ...R } } }
    fragment R on Model { results { model { results { task { slug } } } } }`;
  const fanOutIncluded = `query($n: Int, $go: Boolean!) { models(first: $n) { edges { node {
    results @include(if: $go) { model { results { model { slug } } } } } } } }`;
  const healthPath = () =>
    `${pick(['/healthz', '/readyz'])}${pick(['', '?x=1', `?${brokenEncoding()}`, '/', `/${brokenEncoding()}`])}`;
  const octets = () => Uint8Array.from({ length: 1 + int(2000) }, () => int(256));

  const generators: (() => HostileRequest)[] = [
    () => gql('fan-out', fanOutQuery(1 + int(3)), { n: pick([1, 2, 14, 50, 100, 1000, -1, 0, null]) }),
    () => gql('fan-out with aliases', aliasedFanOut(2 + int(20)), { n: 100 }),
    () => gql('fan-out through fragments', fanOutFragments, { n: 1 + int(100) }),
    () => gql('fan-out under @include', fanOutIncluded, { n: 100, go: rand() < 0.5 }),
    () => gql('page size as variable', pagedFanOut, { n: pick([1, 20, 100, 101, 2 ** 31 - 1, -5]) }),
    () =>
      path('artifact path', pick(['GET', 'HEAD', 'DELETE'] as const), `/artifacts/${brokenEncoding()}`, {
        authorization: forgedBearer(),
      }),
    () =>
      path(
        'artifact upload without a valid token',
        'POST',
        pick(['/artifacts', '/artifacts/']),
        {
          authorization: forgedBearer(),
          'content-type': 'application/octet-stream',
        },
        octets(),
      ),
    () => path('artifact wrong method', pick(['PUT', 'GET'] as const), '/artifacts', {}),
    () => path('health route', pick(['GET', 'HEAD', 'POST', 'PUT'] as const), healthPath()),
    () => path('unknown path', 'GET', `/${pick(['', 'graphql/x', 'admin', '.env', '%2e%2e/', brokenEncoding()])}`),
    () => ({
      kind: 'broken query string',
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      search: `?query=${brokenEncoding()}&variables=${brokenEncoding()}`,
    }),
    () => post('truncated JSON', JSON.stringify({ query: '{ suites { slug } }' }).slice(0, 1 + int(30))),
    () => ({
      kind: 'random bytes',
      method: 'POST',
      headers: JSON_HEADERS,
      body: Uint8Array.from({ length: 1 + int(200) }, () => int(256)),
    }),
    () => post('JSON junk', junk(1 + int(100))),
    () => post('JSON scalar', pick(['1', 'null', '"query"', 'true', '[]', '[1,2]', '{}'])),
    () => post('deep JSON', '['.repeat(10_000 + int(50_000)) + ']'.repeat(10)),
    () => post('batched', [{ query: '{ suites { slug } }' }, { query: '{ suites { slug } }' }]),
    () => post('query not a string', { query: pick([42, null, ['{ suites { slug } }'], { a: 1 }, true]) }),
    () => post('variables not an object', { query: '{ suites { slug } }', variables: pick(['x', 1, [1], true]) }),
    () =>
      post('operationName wrong', {
        query: 'query A { suites { slug } } query B { suites { title } }',
        operationName: pick([undefined, 'C', 7]),
      }),
    () =>
      post(
        'wrong content type',
        { query: '{ suites { slug } }' },
        {
          'content-type': pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
          ]),
        },
      ),
    () => ({
      kind: 'no content type',
      method: 'POST',
      headers: {},
      body: JSON.stringify({ query: '{ suites { slug } }' }),
    }),
    () => ({
      kind: 'GET mutation',
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      search: `?query=${encodeURIComponent('mutation { claimJob(runner: "x") { id } }')}`,
    }),
    () => ({
      kind: 'GET without preflight',
      method: 'GET',
      headers: {},
      search: `?query=${encodeURIComponent('{ suites { slug } }')}`,
    }),
    () => ({
      kind: 'GET junk',
      method: 'GET',
      headers: { 'apollo-require-preflight': 'true' },
      search: `?query=${encodeURIComponent(junk(20))}&variables=${encodeURIComponent('{')}`,
    }),
    () => ({
      kind: 'wrong method',
      method: pick(['PUT', 'DELETE'] as const),
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: '{ suites { slug } }' }),
    }),
    () =>
      gql(
        'syntax error',
        pick(['{ suites { slug ', '{{{{', 'query { ', '}', 'mutation', '{ suites(slug: ) { slug } }', junk(30)]),
      ),
    () =>
      gql(
        'unknown field',
        pick(['{ nope }', '{ suites { nope } }', '{ leaderboard(suite: "ssl-transfer-v1") { rows { nope } } }']),
      ),
    () => gql('unknown argument', '{ suites(filter: 1) { slug } }'),
    () =>
      gql(
        'wrong argument type',
        pick([
          '{ models(first: "ten") { totalCount } }',
          '{ suite(slug: 42) { slug } }',
          '{ leaderboard(suite: "ssl-transfer-v1", category: LINEAR_ISH) { rows { rank } } }',
          '{ models(first: 3.5) { totalCount } }',
        ]),
      ),
    () =>
      gql('wrong variable type', 'query($n: Int) { models(first: $n) { totalCount } }', {
        n: pick(['x', 1e20, [1], { a: 1 }, 2 ** 31]),
      }),
    () => gql('undeclared variable', '{ models(first: $n) { totalCount } }', { n: 1 }),
    () => gql('huge string', `{ suite(slug: "${'x'.repeat(20_000 + int(80_000))}") { slug } }`),
    () =>
      gql('huge variable', 'query($s: String!) { model(slug: $s) { slug } }', { s: 'y'.repeat(20_000 + int(80_000)) }),
    () => post('over the body limit', { query: '{ suites { slug } }', pad: 'z'.repeat(300_000) }),
    () => gql('deep query', deep(5 + int(30))),
    () => gql('comment padding', `{ suites { slug } }${'\n# padding'.repeat(1 + int(5000))}`),
    () => gql('alias bomb', aliases(31 + int(2000))),
    () => gql('fragment bomb', fragmentBomb(10 + int(40))),
    () => gql('cyclic fragments', cyclicFragments),
    () => gql('directive bomb', directives(51 + int(500))),
    () => gql('token bomb', tokens(1700 + int(3000))),
    () =>
      gql(
        'unknown slug',
        pick([
          `{ suite(slug: "${junk(8)}") { slug } }`,
          '{ model(slug: "mocov9") { slug } }',
          '{ task(slug: "linear-mnist") { slug } }',
          '{ leaderboard(suite: "imagenet") { rows { rank } } }',
          '{ correlation(suite: "nope", category: LINEAR, method: PEARSON) { n } }',
          '{ results(filter: { model: "x" }) { totalCount } }',
          `{ submission(id: "${junk(5)}") { id } }`,
        ]),
      ),
    () =>
      gql(
        'bad page',
        pick([
          '{ models(first: -1) { totalCount } }',
          '{ models(first: 0) { totalCount } }',
          '{ results(first: 1000000) { totalCount } }',
          '{ submissions(first: 101) { totalCount } }',
        ]),
      ),
    () =>
      gql(
        'bad cursor',
        `{ ${pick(['models', 'results', 'submissions'])}(after: "${pick(['', 'abc', junk(10), 'bW9kZWw6', 'x'.repeat(500)])}") { totalCount } }`,
      ),
    () =>
      gql(
        'bad correlation',
        pick([
          '{ correlation(suite: "ssl-transfer-v1", method: PEARSON) { n } }',
          '{ correlation(suite: "ssl-transfer-v1", category: LINEAR, method: KENDALL) { n } }',
          '{ correlation(suite: "ssl-transfer-v1", task: "linear-cars", metric: "nope", method: SPEARMAN) { n } }',
        ]),
      ),
    () =>
      gql(
        'mutation without token',
        pick([
          'mutation { claimJob(runner: "x") { id } }',
          'mutation { cancelSubmission(id: "x") { id } }',
          'mutation { submitModel(input: { artifactId: "x", name: "y" }) { id } }',
          'mutation { failJob(jobId: "x", fencingToken: 1, reason: "r", retryable: true) { id } }',
        ]),
      ),
    () =>
      gql('forged token', 'mutation { claimJob(runner: "x") { id } }', undefined, {
        ...JSON_HEADERS,
        authorization: pick([
          'Bearer',
          'Bearer ',
          `Bearer tb_${'a'.repeat(43)}`,
          `Bearer ${ascii(10)}`,
          'Basic dXNlcjpwYXNz',
          `Bearer tb_${'b'.repeat(5000)}`,
        ]),
      }),
    () => gql('bad mutation input', 'mutation { submitModel(input: { name: 1 }) { id } }'),
    () =>
      gql(
        'introspection abuse',
        `{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } } }`,
      ),
    () => gql('null bytes', `{ suite(slug: "a\u0000b") { slug } }`),
  ];
  return Array.from({ length: count }, () => pick(generators)());
}
