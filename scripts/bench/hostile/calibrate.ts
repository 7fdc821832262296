// Calibrates the API's cost units against CPU time: runs typical and extreme queries in-process
// (createServer on a seeded embedded database, response cache off), several times each, and prints
// each one's cost (apps/api/src/limits/cost.ts), the fields its response actually holds, and the CPU
// it took, per cost unit and per field. All in one run, so the ratios hold on a busy machine.
// It also prints the longest stretch of CPU the request ran without letting the event loop turn
// (a setImmediate chain samples process.cpuUsage at every turn): what a /healthz request arriving
// meanwhile would wait for on an idle core. CPU time, so other tenants of the machine do not inflate it.
//   npx tsx scripts/bench/hostile/calibrate.ts [--repeat 7]
import { parseArgs } from 'node:util';
import { createTestDb } from '@transferboard/db/testing';
import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { queryCost } from '../../../apps/api/src/limits/cost';
import { createServer, typeDefs } from '../../../apps/api/src/server';
import { aliasedCorrelations, aliasedLeaderboards, allResults, fanOut } from './workload';
import { ms as asMs, row } from './table';
import { startRecord } from '../lib/record';

const WIDTHS = [32, 8, 8, 9, 8, 9, 13];

const { values } = parseArgs({ options: { repeat: { type: 'string', default: '7' } } });
const REPEAT = Number(values.repeat);
const record = startRecord('hostile-calibrate');

/** The web's leaderboard document (apps/web/src/lib/leaderboard.ts), without the rank intervals. */
const LEADERBOARD = `{ suites { slug title } leaderboard(suite: "ssl-transfer-v1") {
  suite { slug title description provenance { reportedNumbers taskList reconstructed evidenceFor evidenceAgainst } }
  aggregate tasks { slug title category primaryMetric higherIsBetter }
  columns { task { slug } referenceProtocol { id version } referenceReason }
  rows { rank rankedAmong basis score source model { slug name family imagenetTop1 }
    categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
    cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }
    completeness { tasksWithResults tasks } } } }`;

const QUERIES: [string, string, Record<string, unknown>?][] = [
  [
    "every model's results",
    '{ models(first: 100) { edges { node { slug results { task { slug } metric value ciLow ciHigh source protocolId ' +
      'provenance } } } } }',
  ],
  ['fan-out of issue 15, $n = 1', fanOut(1), { n: 1 }],
  ['all results, all fields', allResults(1)],
  ['12 leaderboards + rank intervals', aliasedLeaderboards(12)],
  ['leaderboard (web page)', LEADERBOARD],
  [
    'leaderboard + rank intervals',
    '{ leaderboard(suite: "ssl-transfer-cvpr") { rows { rank rankInterval { low high } model { slug } } } }',
  ],
  ['20 correlations + bootstrap CIs', aliasedCorrelations(20)],
  [
    'correlation + bootstrap CI',
    '{ correlation(suite: "ssl-transfer-cvpr", category: LINEAR, method: SPEARMAN) ' +
      '{ coefficient ciLow ciHigh points { x y model { slug } } } }',
  ],
  [
    'correlation of a group + CI',
    '{ correlation(suite: "ssl-transfer-cvpr", group: "linear", method: SPEARMAN) ' +
      '{ coefficient ciLow ciHigh pooledProtocols { id version } points { x y model { slug } } } }',
  ],
  [
    "every task's ranking",
    '{ tasks { slug ranking { referenceProtocol { id version } entries { model { slug } value rank rankedAmong ' +
      'comparable protocolId protocolVersion } } } }',
  ],
  ['standard introspection', getIntrospectionQuery()],
  [
    'models with properties',
    '{ models(first: 100) { edges { node { slug name family properties { key value source } } } } }',
  ],
];

/** Every value in the response: what the cost bounds. */
function countFields(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countFields(v), 0);
  if (value !== null && typeof value === 'object')
    return Object.values(value).reduce((n: number, v) => n + 1 + countFields(v), 0);
  return 0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Samples CPU time at every event-loop turn; stop() answers the largest CPU (ms) between two turns. */
function watchTurns(): { stop: () => number } {
  let running = true;
  let last = process.cpuUsage();
  let longest = 0;
  const turn = () => {
    const now = process.cpuUsage();
    longest = Math.max(longest, (now.user - last.user + now.system - last.system) / 1000);
    last = now;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  return { stop: () => ((running = false), longest) };
}

const db = await createTestDb('pglite');
// No budget here: the point is to measure what each cost buys.
const server = await createServer({ db: db.db, responseCache: false, rateLimit: false, maxCost: 1e12 });
const schema = buildSchema(typeDefs);
console.log(row(['query', 'cost', 'fields', 'CPU', 'µs/unit', 'µs/field', 'longest turn'], WIDTHS));
const queries: { query: string; cost: number; fields: number; cpuMs: number; longestTurnMs: number }[] = [];
try {
  for (const [name, query, variables] of QUERIES) {
    const cpu: number[] = [];
    const turns: number[] = [];
    let cost = 0;
    let fields = 0;
    for (let i = 0; i <= REPEAT; i++) {
      const context = server.context();
      const watch = watchTurns();
      const before = process.cpuUsage();
      const res = await server.apollo.executeOperation({ query, variables }, { contextValue: context });
      const used = process.cpuUsage(before);
      const longest = watch.stop();
      if (res.body.kind !== 'single' || res.body.singleResult.errors)
        throw new Error(`${name}: ${JSON.stringify(res.body)}`.slice(0, 500));
      if (i > 0) {
        // the first run warms up
        cpu.push((used.user + used.system) / 1000);
        turns.push(longest);
      }
      const priced = queryCost({ schema, document: parse(query), variables, sizes: server.listSizes.current() });
      cost = priced.kind === 'cost' ? priced.cost : NaN;
      fields = countFields(res.body.singleResult.data);
    }
    const cpuMs = median(cpu);
    const turn = asMs(median(turns));
    queries.push({ query: name, cost, fields, cpuMs, longestTurnMs: median(turns) });
    console.log(
      row(
        [
          name,
          cost,
          fields,
          asMs(cpuMs),
          ((cpuMs * 1000) / cost).toFixed(2),
          ((cpuMs * 1000) / fields).toFixed(2),
          turn,
        ],
        WIDTHS,
      ),
    );
  }
  record.write({ repeat: REPEAT, database: 'embedded PGlite', queries });
} finally {
  await server.stop();
  await db.close();
}
