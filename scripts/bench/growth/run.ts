/**
 * Growth benchmark (issue 19): the leaderboard at 100, 1,000 and 10,000 measured models on the
 * 25 ssl-transfer-v1 tasks, on a throwaway PostgreSQL server, API and production web as
 * `npm start` runs them.
 *
 *   cd apps/web && npx next build && cd ../.. && npx tsx scripts/bench/growth/run.ts [--sizes 100,1000,10000]
 *
 * Each size gets a fresh database: the API migrates and seeds the paper's 14 models, then N
 * synthetic measured models and their 25 results each are inserted in two SQL statements
 * (generate_series; values uniform in a plausible range per metric) and the data version is
 * bumped, as a write does. Then, in order: the first page cold (the board is built), the first
 * page again (a response-cache hit; the median of 5), other shapes of the first page (board
 * built, response not cached; the median of 5), the last page, a sort by one task (the first,
 * which sorts, then cached: the median of 5), the first page with
 * rank intervals (the bootstrap), web `/` (server time to the last byte, HTML size; twice), a
 * full CSV export through the web (time, bytes, rows), a new result (a re-measurement plus the
 * data-version bump, as reportResults commits) until a page shows it (three times: median and
 * max), and the API's
 * resident memory (now and peak: VmRSS, VmHWM). Prints one JSON line per size and a Markdown
 * table, and writes the record scripts/bench/results/growth-<UTC time>.json (lib/record.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { registry } from '@transferboard/suite/registry';
import { seedGrowthModels } from '@transferboard/e2e/growth-seed';
import { freePort, ROOT, startProcess, waitFor, type Started } from '@transferboard/e2e/processes';
import { startRecord } from '../lib/record';
import { newResult } from './seed';

const record = startRecord('growth');
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '100,1000,10000' } } });
const SIZES = values.sizes!.split(',').map(Number);
const SUITE = 'ssl-transfer-v1';
const tasks = registry.suiteTasks(SUITE);

const ROW_FIELDS = `rank rankedAmong rankTied basis score source model { slug name family imagenetTop1 }
  categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
  cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong }
  completeness { tasksWithResults tasks }`;
const pageQuery = (args: string, extra = '') =>
  `{ leaderboard(suite: "${SUITE}") { rowCount rowsPage(${args}) { totalCount offset
    edges { node { ${ROW_FIELDS} ${extra} } } pageInfo { hasNextPage endCursor } } } }`;

async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await f();
  return [out, Math.round(performance.now() - t0)];
}

const SAMPLES = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The median `ms` of SAMPLES requests (the machine is shared: one sample is noise), and the last answer. */
async function medianOf<T extends { ms: number }>(f: (i: number) => Promise<T>): Promise<[T, number]> {
  const answers: T[] = [];
  for (let i = 0; i < SAMPLES; i++) answers.push(await f(i));
  return [answers.at(-1)!, median(answers.map((a) => a.ms))];
}

/**
 * One GraphQL request, timed from sending to the last byte of the answer, which is what the
 * server costs a client; the bench's own JSON.parse of the answer (a few ms for a 558 kB page)
 * comes after and is not counted.
 */
async function gql(
  apiUrl: string,
  query: string,
): Promise<{ body: any; cache: string | null; bytes: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const text = await res.text();
  const ms = Math.round(performance.now() - t0);
  const body = JSON.parse(text);
  if (body.errors) throw new Error(`API error: ${JSON.stringify(body.errors).slice(0, 400)}`);
  return { body, cache: res.headers.get('x-cache'), bytes: text.length, ms };
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

/** CPU milliseconds the process has used, all its threads (the build and interval workers) together. */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms
}

/** The API's node process: tsx starts node as its child. */
function apiPid(started: Started): number {
  const parent = started.child.pid!;
  const children = readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return Number(children[0] ?? parent);
}

async function measure(admin: string, n: number) {
  const dbName = `tb_growth_${n}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  await adminClient.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await adminClient.query(`CREATE DATABASE ${dbName}`);
  await adminClient.end();
  const url = new URL(admin);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tb-growth-'));
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const started: Started[] = [];
  try {
    const api = startProcess('tsx', ['src/main.ts'], join(ROOT, 'apps/api'), {
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      DATABASE_URL: url.toString(),
      TB_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      API_RATE_LIMIT_PER_MINUTE: '0',
      API_REQUEST_TIMEOUT_MS: '120000',
    });
    started.push(api);
    await waitFor(`http://127.0.0.1:${apiPort}/readyz`, 120_000, api.child, api.output);
    const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
    const web = startProcess('node', ['server.mjs'], join(ROOT, 'apps/web'), {
      API_URL: apiUrl,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(webPort),
      WEB_HOST: '127.0.0.1',
    });
    started.push(web);
    const webUrl = `http://127.0.0.1:${webPort}`;
    await waitFor(webUrl, 60_000, web.child, web.output);
    const pid = apiPid(api);
    const memStart = memoryOf(pid);
    const [, seedMs] = await timed(() => seedGrowthModels(url.toString(), n));

    const cold = await gql(apiUrl, pageQuery('first: 100'));
    const firstColdMs = cold.ms;
    const [hit, firstCachedMs] = await medianOf(() => gql(apiUrl, pageQuery('first: 100')));
    // Uncached: another page size each time (the board is built; the response is not cached).
    const [, firstUncachedMs] = await medianOf((i) => gql(apiUrl, pageQuery(`first: ${99 - i}`)));
    const last = await gql(apiUrl, pageQuery('last: 100'));
    const lastPageMs = last.ms;
    const sortArgs = `first: 100, orderBy: { column: "task:${tasks[3]!.slug}" }`;
    const sortUncachedMs = (await gql(apiUrl, pageQuery(sortArgs))).ms;
    const [, sortCachedMs] = await medianOf(() => gql(apiUrl, pageQuery(sortArgs)));
    const intervalsMs = (await gql(apiUrl, pageQuery('first: 100', 'rankInterval { low high draws }'))).ms;

    const [webFirst, webMs] = await timed(async () => (await fetch(`${webUrl}/`)).text());
    const [, webAgainMs] = await timed(async () => (await fetch(`${webUrl}/`)).text());
    const [csv, csvMs] = await timed(async () => (await fetch(`${webUrl}/export?format=csv`)).text());
    const memAfterExport = memoryOf(pid);

    // A new result, three times (each a new value, so each poll waits for its own).
    const newResults: number[] = [];
    const newResultCpu: number[] = [];
    for (const value of [99.99, 99.98, 99.97]) {
      const cpu0 = cpuMsOf(pid);
      const [, ms] = await timed(async () => {
        await newResult(url.toString(), value);
        for (;;) {
          const { body } = await gql(
            apiUrl,
            pageQuery(`first: 1, filter: { search: "growth model 1" }, orderBy: { column: "task:${tasks[0]!.slug}" }`),
          );
          const cell = body.data.leaderboard.rowsPage.edges[0]?.node.cells.find(
            (c: { taskSlug: string }) => c.taskSlug === tasks[0]!.slug,
          );
          if (cell?.value === value) return;
        }
      });
      newResults.push(ms);
      newResultCpu.push(cpuMsOf(pid) - cpu0);
    }
    const newResultMs = median(newResults);
    const newResultMaxMs = Math.max(...newResults);
    // The API's CPU over the same span (steadier than wall on a shared machine; includes the rank
    // intervals' bootstrap that starts in a worker once the board is built).
    const newResultCpuMs = median(newResultCpu);
    const memEnd = memoryOf(pid);
    return {
      models: n + 14,
      rows: cold.body.data.leaderboard.rowCount,
      load: loadavg()[0]!.toFixed(1),
      seedMs,
      firstColdMs,
      firstCachedMs,
      cachedHeader: hit.cache,
      firstUncachedMs,
      pageKb: Math.round(cold.bytes / 1024),
      lastPageMs,
      lastOffset: last.body.data.leaderboard.rowsPage.offset,
      sortUncachedMs,
      sortCachedMs,
      intervalsMs,
      webMs,
      webAgainMs,
      webKb: Math.round(webFirst.length / 1024),
      csvMs,
      csvKb: Math.round(csv.length / 1024),
      csvRows: csv.trim().split('\r\n').length - 1,
      newResultMs,
      newResultMaxMs,
      newResultCpuMs,
      apiRssStartMb: memStart.rssMb,
      apiRssMb: memEnd.rssMb,
      apiPeakMb: memEnd.peakMb,
      apiPeakAfterExportMb: memAfterExport.peakMb,
    };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const external = process.env.DATABASE_URL;
const { startPostgres } = (await import('../../lib/postgres.mjs' as string)) as {
  startPostgres: () => Promise<{ url: string; stop: () => void }>;
};
const server = external ? null : await startPostgres();
const results = [];
try {
  for (const n of SIZES) {
    const r = await measure(external ?? server!.url, n);
    console.log(JSON.stringify(r));
    results.push(r);
  }
} finally {
  server?.stop();
}
console.log(
  `\n| models | first page cold / uncached / cached (ms; uncached and cached: median of ${SAMPLES}) | last page | sort by a task: first / cached (median of ${SAMPLES}) | page + intervals | web \`/\` (ms, kB) | CSV export (ms, rows) | new result → ranking (ms, median / max of 3; API CPU ms) | API RSS start / end / peak (MB) | load |`,
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.models} | ${r.firstColdMs} / ${r.firstUncachedMs} / ${r.firstCachedMs} | ${r.lastPageMs} | ${r.sortUncachedMs} / ${r.sortCachedMs} | ${r.intervalsMs} | ${r.webMs} then ${r.webAgainMs}, ${r.webKb} kB | ${r.csvMs}, ${r.csvRows} | ${r.newResultMs} / ${r.newResultMaxMs}; ${r.newResultCpuMs} CPU | ${r.apiRssStartMb} / ${r.apiRssMb} / ${r.apiPeakMb} | ${r.load} |`,
  );
}
record.write({ sizes: results });
