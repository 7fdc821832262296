// API benchmark: the leaderboard of ssl-transfer-v1 (14 models × 25 tasks) over loopback with
// autocannon, side by side in one run: the GraphQL API (response cache on, as deployed), the same
// API with the cache off, and a minimal node:http handler that runs the same SQL and returns the
// same JSON. Prints req/s, p50/p99 latency and the API/raw ratio.
//   npx tsx scripts/bench/api/run.ts [--connections 50] [--duration 10]
// Set DATABASE_URL to benchmark on PostgreSQL instead of embedded PGlite.
import { spawn } from 'node:child_process';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startRecord } from '../lib/record';

const record = startRecord('api');
const { values } = parseArgs({
  options: { connections: { type: 'string', default: '50' }, duration: { type: 'string', default: '10' } },
});
const connections = Number(values.connections);
const duration = Number(values.duration);

const QUERY = `{ leaderboard(suite: "ssl-transfer-v1") { rows { rank score model { slug name }
  categoryScores { category score rank } cells { taskSlug value ciLow ciHigh } completeness { tasksWithResults tasks } } } }`;
const BODY = JSON.stringify({ query: QUERY });
const HEADERS = { 'content-type': 'application/json' };

const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./serve.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: process.env,
});
const ports = await new Promise<{ api: number; apiUncached: number; raw: number; database: string }>(
  (resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => reject(new Error(`the benchmark servers exited (${code})`)));
  },
);

async function post(port: number): Promise<unknown> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: HEADERS, body: BODY });
  return res.json();
}

interface Run {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(name: string, port: number, seconds: number): Promise<Run> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: HEADERS,
    body: BODY,
    connections,
    duration: seconds,
  });
  return { name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

try {
  const [api, raw] = [await post(ports.api), await post(ports.raw)];
  if (!isDeepStrictEqual(api, raw))
    throw new Error('The API and the raw handler answer differently: fix the raw handler before comparing.');
  if (!isDeepStrictEqual(await post(ports.apiUncached), raw)) throw new Error('The uncached API answers differently.');
  console.log(
    `leaderboard(ssl-transfer-v1): ${JSON.stringify(api).length} bytes, ${connections} connections, ${duration} s each, database ${ports.database}`,
  );
  const runs: Run[] = [];
  for (const [name, port] of [
    ['raw node:http', ports.raw],
    ['GraphQL API (cached)', ports.api],
    ['GraphQL API (no cache)', ports.apiUncached],
  ] as const) {
    await load(name, port, 2); // warm-up: JIT, connection pools
    runs.push(await load(name, port, duration));
  }
  for (const r of runs)
    console.log(
      `${r.name.padEnd(24)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(4)} ms   p99 ${String(r.p99).padStart(4)} ms   errors ${r.errors}`,
    );
  const [rawRun, cachedRun, uncachedRun] = runs as [Run, Run, Run];
  console.log(
    `ratio API (cached) / raw: ${(cachedRun.rps / rawRun.rps).toFixed(2)}   (target ≥ 0.60; p99 target ≤ 30 ms: ${cachedRun.p99} ms)`,
  );
  console.log(`ratio API (no cache) / raw: ${(uncachedRun.rps / rawRun.rps).toFixed(2)}`);
  record.write({
    responseBytes: JSON.stringify(api).length,
    connections,
    durationSeconds: duration,
    database: ports.database,
    runs,
    ratios: { cachedOverRaw: cachedRun.rps / rawRun.rps, uncachedOverRaw: uncachedRun.rps / rawRun.rps },
  });
} finally {
  child.kill('SIGTERM');
}
