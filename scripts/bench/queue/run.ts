// Queue benchmark: claim, heartbeat and report round trips through a real API process on
// loopback (target: p99 ≤ 20 ms each), against the cheapest GraphQL round trip as the reference
// floor; then 1,000 queued jobs drained by 4 concurrent runner processes, checking that no job
// was ever held twice.
//   npx tsx scripts/bench/queue/run.ts            (starts its own PostgreSQL)
//   TEST_DATABASE_URL=postgres://… npx tsx scripts/bench/queue/run.ts
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '@transferboard/db/client';
import { createApiToken } from '@transferboard/db/queries/create-api-token';
import { createSubmission } from '@transferboard/db/queries/create-submission';
import { artifacts, jobs } from '@transferboard/db/schema';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { freePort, startProcess, waitFor } from '@transferboard/e2e/processes';
import { startRecord } from '../lib/record';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 300);
const DRAIN_JOBS = Number(process.env.BENCH_DRAIN_JOBS ?? 1000);
const RUNNERS = 4;
const TARGET_P99_MS = 20;

async function postgres(): Promise<{ url: string; stop: () => void }> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: () => {} };
  const { startPostgres } = await import('../../lib/postgres.mjs' as string);
  return startPostgres();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(name: string, ms: number[]): { name: string; p50: number; p99: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { name, p50: percentile(s, 50), p99: percentile(s, 99) };
}

async function main() {
  const record = startRecord('queue');
  const server = await postgres();
  const dbName = `tb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(server.url);
  url.pathname = `/${dbName}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = startProcess('tsx', ['src/main.ts'], join(ROOT, 'apps/api'), {
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    DATABASE_URL: url.toString(),
    LOG_LEVEL: 'error',
    TB_DATA_DIR: join(ROOT, '.data/bench-queue'),
  });
  const handle = await createDb(url.toString());
  try {
    await waitFor(`${base}/readyz`, 120_000, api.child, api.output);
    const token = `tb_${randomBytes(32).toString('base64url')}`;
    await createApiToken(handle.db, {
      name: 'bench',
      role: 'admin',
      tokenHash: createHash('sha256').update(token).digest('hex'),
      prefix: token.slice(0, 11),
    });
    const enqueue = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const sha256 = randomBytes(32).toString('hex');
        const [a] = await handle.db
          .insert(artifacts)
          .values({ sha256, size: 1, storageKey: sha256 })
          .returning({ id: artifacts.id });
        await createSubmission(handle.db, {
          artifactId: a!.id,
          suiteSlug: 'ssl-transfer-v1',
          submittedBy: null,
          baseSlug: 'bench',
          model: {
            name: 'bench',
            description: null,
            paperUrl: null,
            codeUrl: null,
            license: null,
            normalization: 'imagenet',
          },
        });
      }
    };
    const q = async (query: string, variables: Record<string, unknown> = {}) => {
      const t0 = performance.now();
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { ms: performance.now() - t0, data: body.data };
    };

    // 1. Round trips, one client, sequential (the runner's own pattern).
    await enqueue(ROUND_TRIPS);
    for (let i = 0; i < 20; i++) await q('{ suites { slug } }'); // warm up
    const floor: number[] = [];
    const claim: number[] = [];
    const beat: number[] = [];
    const report: number[] = [];
    const held: { id: string; fencingToken: number }[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) floor.push((await q('query { __typename }')).ms);
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const r = await q('mutation { claimJob(runner: "bench") { id fencingToken } }');
      claim.push(r.ms);
      held.push(r.data.claimJob);
    }
    for (const job of held)
      beat.push(
        (
          await q(
            'mutation($id: ID!, $t: Int!) { heartbeat(jobId: $id, fencingToken: $t, progress: { task: "linear-dtd", fraction: 0.5 }) { id } }',
            { id: job.id, t: job.fencingToken },
          )
        ).ms,
      );
    for (const job of held)
      report.push(
        (
          await q(
            'mutation($id: ID!, $t: Int!) { reportResults(jobId: $id, fencingToken: $t, task: "linear-dtd", results: [{ metric: "top1", value: 50 }], protocol: { id: "linear-lbfgs", version: 1 }) { id } }',
            { id: job.id, t: job.fencingToken },
          )
        ).ms,
      );
    await handle.db.update(jobs).set({ status: 'CANCELLED' });
    const rows = [
      summary('reference: { __typename }', floor),
      summary('claimJob', claim),
      summary('heartbeat', beat),
      summary('reportResults', report),
    ];
    console.log(`\nround trips on loopback (${ROUND_TRIPS} each, one sequential client, PostgreSQL)`);
    console.log(
      'operation                     p50 ms   p99 ms   p99 / 20 ms target   p50 / reference p50   p99 / reference p99',
    );
    for (const r of rows) {
      const cells = [
        r.p50.toFixed(2).padStart(7),
        r.p99.toFixed(2).padStart(8),
        (r.p99 / TARGET_P99_MS).toFixed(2).padStart(20),
        (r.p50 / rows[0]!.p50).toFixed(2).padStart(21),
        (r.p99 / rows[0]!.p99).toFixed(2).padStart(21),
      ];
      console.log(`${r.name.padEnd(28)} ${cells.join(' ')}`);
    }

    // 2. Drain: DRAIN_JOBS queued, RUNNERS processes claiming at once.
    await enqueue(DRAIN_JOBS);
    const t0 = performance.now();
    const results = await Promise.all(
      Array.from({ length: RUNNERS }, (_, i) => {
        const child = spawn(
          process.execPath,
          [join(ROOT, 'scripts/bench/queue/claim-loop.mjs'), base, token, `bench-runner-${i}`],
          { stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        return new Promise<string[]>((resolve, reject) =>
          child.on('exit', (code) =>
            code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`runner ${i} exited ${code}`)),
          ),
        );
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const all = results.flat();
    const distinct = new Set(all).size;
    const unfinished = (await handle.db.execute(
      sql`select count(*)::int as n from jobs where status in ('QUEUED', 'LEASED', 'RUNNING')`,
    )) as unknown as { rows: { n: number }[] };
    const [left] = unfinished.rows;
    console.log(`\ndrain: ${DRAIN_JOBS} jobs, ${RUNNERS} runner processes (claim + heartbeat + report + end per job)`);
    console.log(
      `  ${seconds.toFixed(1)} s, ${(DRAIN_JOBS / seconds).toFixed(0)} jobs/s; per runner ${results.map((r) => r.length).join(' / ')}`,
    );
    console.log(
      `  claims ${all.length}, distinct jobs ${distinct}, double claims ${all.length - distinct}, jobs left unfinished ${left?.n}`,
    );
    if (all.length !== distinct || distinct !== DRAIN_JOBS || left?.n !== 0) process.exitCode = 1;
    record.write({
      roundTrips: { count: ROUND_TRIPS, targetP99Ms: TARGET_P99_MS, operations: rows },
      drain: {
        jobs: DRAIN_JOBS,
        runners: RUNNERS,
        seconds,
        jobsPerSecond: DRAIN_JOBS / seconds,
        perRunner: results.map((r) => r.length),
        claims: all.length,
        doubleClaims: all.length - distinct,
        unfinished: left?.n ?? null,
      },
    });
  } finally {
    await api.stop();
    await handle.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    server.stop();
  }
}

await main();
