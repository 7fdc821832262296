// The hostile requests of the API's hostile benchmark: what an anonymous client can send to make
// the API work hardest. Each request is made unique (a counter in a comment) so the response cache
// never answers it: every one is computed, as a cache-busting attacker would arrange.

export interface HostileKind {
  name: string;
  /** Refused before it runs (QUERY_TOO_COMPLEX or BAD_USER_INPUT), or answered. */
  expect: 'refused' | 'answered';
  body: (i: number) => unknown;
}

/** The fan-out query of issue 15, with `depth` levels of `results { model { … } }`. */
export function fanOut(depth: number): string {
  const open = 'results { model { '.repeat(depth);
  const close = '} } '.repeat(depth);
  return `query($n: Int) { models(first: $n) { edges { node { ${open}results { task { slug } } ${close}} } } }`;
}

/** Every field of a result and of its task. */
export const RESULT_FIELDS = `task { slug title category dataset numClasses primaryMetric higherIsBetter
    secondaryMetrics version protocol { id version description params }
    paperProtocol { id version description params } }
  metric value ciLow ciHigh source protocolId protocolVersion provenance model { slug name }`;

/** Every model's every result with every field, `copies` times under aliases. */
export function allResults(copies: number): string {
  const copy = (k: number) => `a${k}: models(first: 100) { edges { node { results { ${RESULT_FIELDS} } } } }`;
  return `{ ${Array.from({ length: copies }, (_, k) => copy(k)).join(' ')} }`;
}

/** `n` aliased leaderboards, alternating aggregates, each with rank intervals. */
export function aliasedLeaderboards(n: number): string {
  const board = (k: number) =>
    `l${k}: leaderboard(suite: "ssl-transfer-v1", aggregate: ${k % 2 ? 'MEAN' : 'MEAN_RANK'}) ` +
    '{ rows { rank rankInterval { low high } score model { slug } cells { value } } }';
  return `{ ${Array.from({ length: n }, (_, k) => board(k)).join(' ')} }`;
}

/** `n` aliased correlations over both suites and both methods, each with its bootstrap CI. */
export function aliasedCorrelations(n: number): string {
  const correlation = (k: number) =>
    `c${k}: correlation(suite: "ssl-transfer-${k % 2 ? 'v1' : 'cvpr'}", category: LINEAR, ` +
    `method: ${k % 4 < 2 ? 'PEARSON' : 'SPEARMAN'}) { coefficient ciLow ciHigh points { x y } }`;
  return `{ ${Array.from({ length: n }, (_, k) => correlation(k)).join(' ')} }`;
}

const unique = (query: string, i: number) => `${query}\n# ${i}`;

export const HOSTILE_KINDS: HostileKind[] = [
  {
    name: 'fan-out of issue 15 ($n = 100)',
    expect: 'refused',
    body: (i) => ({ query: unique(fanOut(2), i), variables: { n: 100 } }),
  },
  {
    name: 'fan-out one level shallower',
    expect: 'refused',
    body: (i) => ({ query: unique(fanOut(1), i), variables: { n: 100 } }),
  },
  {
    name: 'fan-out within budget ($n = 1)',
    expect: 'answered',
    body: (i) => ({ query: unique(fanOut(1), i), variables: { n: 1 } }),
  },
  {
    // Every model's every result with every field: just under the budget.
    name: 'largest admissible (2 x all results, all fields)',
    expect: 'answered',
    body: (i) => ({ query: unique(allResults(2), i) }),
  },
  {
    name: 'deep nesting',
    expect: 'refused',
    body: (i) => ({
      query: unique(
        `{ ${'submissions { edges { node { job { submission { '.repeat(6)} id ${'} } } } }'.repeat(6)} }`,
        i,
      ),
    }),
  },
  {
    name: '12 aliased leaderboards with rank intervals',
    expect: 'answered',
    body: (i) => ({ query: unique(aliasedLeaderboards(12), i) }),
  },
  {
    name: '20 aliased correlations with bootstrap CIs',
    expect: 'answered',
    body: (i) => ({ query: unique(aliasedCorrelations(20), i) }),
  },
  {
    name: 'fragment bomb',
    expect: 'refused',
    body: (i) => {
      const defs = Array.from({ length: 40 }, (_, k) => `fragment F${k} on Suite { slug ...F${k + 1} ...F${k + 1} }`);
      return { query: unique(`{ suites { ...F0 } } ${defs.join(' ')} fragment F40 on Suite { title }`, i) };
    },
  },
  {
    name: 'fragments spreading the fan-out',
    expect: 'refused',
    body: (i) => ({
      query: unique(
        `query($n: Int) { models(first: $n) { edges { node { ...A ...B } } } }
        fragment A on Model { results { model { results { task { slug } } } } }
        fragment B on Model { r2: results { model { slug } } }`,
        i,
      ),
      variables: { n: 100 },
    }),
  },
  {
    name: 'large variables (200 kB)',
    expect: 'refused',
    body: (i) => ({
      query: unique(
        'query($s: String!, $f: ModelFilter) { model(slug: $s) { slug } models(filter: $f) { totalCount } }',
        i,
      ),
      variables: { s: 'x'.repeat(100_000), f: { search: 'y'.repeat(100_000), family: 'z'.repeat(1000) } },
    }),
  },
  { name: 'small request', expect: 'answered', body: (i) => ({ query: unique('{ suites { slug title } }', i) }) },
];
