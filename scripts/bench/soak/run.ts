// Soak: a real API on PostgreSQL under queries, uploads and submissions of fixture models, with
// several runner processes claiming and reporting on fixture datasets, some of them killed at
// random (SIGKILL and SIGTERM) and started again. Bounded: a load phase, then a drain with the
// killing stopped, all within the duration given. At the end it asserts that every submission is
// SUCCEEDED or FAILED (with a reason), every measured task's result is stored exactly once, no
// task of a SUCCEEDED submission is missing, no job used more attempts than it has, and no task
// process outlived its runner; then prints its figures. Exit status 1 when an assertion fails.
//
//   npx tsx scripts/bench/soak/run.ts                        (10 minutes, 3 runners; own PostgreSQL)
//   npx tsx scripts/bench/soak/run.ts --minutes 3 --runners 2
//   TEST_DATABASE_URL=postgres://… npx tsx scripts/bench/soak/run.ts
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDb } from '@transferboard/db/client';
import { createApiToken } from '@transferboard/db/queries/create-api-token';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { mulberry32 } from '@transferboard/suite/random';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { freePort, startProcess, waitFor } from '../../../test/e2e/processes';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TASKS = ['linear-dtd', 'linear-pets'];
const PRIMARY: Record<string, string> = { 'linear-dtd': 'top1', 'linear-pets': 'mean_per_class' };

const { values: flags } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '10' },
    runners: { type: 'string', default: process.env.SOAK_RUNNERS ?? '3' },
    'submit-every': { type: 'string', default: '6' },
    'kill-every': { type: 'string', default: '20' },
    'queries-per-second': { type: 'string', default: '4' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
  },
});
const MINUTES = Number(flags.minutes);
const RUNNERS = Number(flags.runners);
const SUBMIT_EVERY_MS = Number(flags['submit-every']) * 1000;
const KILL_EVERY_MS = Number(flags['kill-every']) * 1000;
const QPS = Number(flags['queries-per-second']);
for (const [name, v] of Object.entries({
  minutes: MINUTES,
  runners: RUNNERS,
  'submit-every': SUBMIT_EVERY_MS,
  'kill-every': KILL_EVERY_MS,
  'queries-per-second': QPS,
})) {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
}
const TOTAL_MS = MINUTES * 60_000;
/** Killing and submitting stop here; the rest of the time drains the queue. */
const LOAD_MS = Math.round(TOTAL_MS * 0.75);

// A seeded generator (the suite's mulberry32), so a soak's sequence of kills can be replayed with --seed.
const rand = mulberry32(Number(flags.seed));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
};

async function postgres(): Promise<{ url: string; stop: () => void }> {
  if (process.env.TEST_DATABASE_URL) return { url: process.env.TEST_DATABASE_URL, stop: () => {} };
  const { startPostgres } = await import('../../lib/postgres.mjs' as string);
  return startPostgres();
}

interface RunnerSlot {
  name: string;
  work: string;
  child: ChildProcess | null;
  exited: Promise<number | null> | null;
  output: string;
  /** Every task process group the runner reported. */
  groups: number[];
  /** The unfinished last line of its output. */
  partial: string;
  /** It holds a job (from its log: claimed, and not yet ended, lost or released). */
  busy: boolean;
}

/** A task result a runner logged as reported: `[job 1a2b3c4d attempt 2] reported linear-dtd: …`. */
interface Report {
  job: string;
  attempt: number;
  task: string;
}

async function main() {
  const started = Date.now();
  const server = await postgres();
  const dbName = `tb_soak_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${dbName}`;
  const scratch = mkdtempSync(join(tmpdir(), 'tb-soak-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const api = startProcess('tsx', ['src/main.ts'], join(ROOT, 'apps/api'), {
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    DATABASE_URL: url.toString(),
    LOG_LEVEL: 'warn',
    TB_DATA_DIR: join(scratch, 'api'),
    JOB_LEASE_SECONDS: '15',
    LEASE_SWEEP_MS: '1000',
    JOB_STALL_SECONDS: '120',
    SUBMISSION_QUOTA: '100000',
  });
  const handle = await createDb(url.toString());
  const slots: RunnerSlot[] = [];
  const reports: Report[] = [];
  let failed = false;
  const check = (ok: boolean, what: string) => {
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failed = true;
  };
  try {
    await waitFor(`${base}/readyz`, 120_000, api.child, api.output);
    const tokens: Record<'submitter' | 'runner', string> = { submitter: '', runner: '' };
    for (const role of ['submitter', 'runner'] as const) {
      tokens[role] = `tb_${randomBytes(32).toString('base64url')}`;
      await createApiToken(handle.db, {
        name: `soak-${role}`,
        role,
        tokenHash: createHash('sha256').update(tokens[role]).digest('hex'),
        prefix: tokens[role].slice(0, 11),
      });
    }
    const data = join(scratch, 'data');
    execFileSync(
      process.execPath,
      [join(ROOT, 'packages/runner/bin/transferboard-runner.mjs'), 'fixtures', '--out', data, '--datasets', 'dtd,pets'],
      { cwd: ROOT, stdio: 'ignore' },
    );
    const gql = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return {
        status: res.status,
        body: (await res.json().catch(() => null)) as { data?: any; errors?: { message: string }[] } | null,
      };
    };

    // Runners: each with its own work folder (its downloads and feature cache), restarted after every kill.
    const startRunner = (slot: RunnerSlot) => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'packages/runner/bin/transferboard-runner.mjs'),
          'work',
          '--api',
          base,
          '--token',
          tokens.runner,
          '--data',
          data,
          '--work',
          slot.work,
          '--tasks',
          TASKS.join(','),
          '--name',
          slot.name,
          '--poll',
          '1',
        ],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const keep = (d: Buffer) => {
        slot.output = (slot.output + d).slice(-200_000);
        const lines = (slot.partial + d).split('\n');
        slot.partial = lines.pop()!;
        for (const line of lines) {
          const group = /process group (\d+)/.exec(line);
          if (group) slot.groups.push(Number(group[1]));
          if (/claimed job /.test(line)) slot.busy = true;
          if (/job [0-9a-f-]{36}(: (every task|\d+ of \d+ tasks|lease lost)| released| failed)/.test(line))
            slot.busy = false;
          const report = /\[job ([0-9a-f]{8}) attempt (\d+)\] reported ([a-z0-9-]+):/.exec(line);
          if (report) reports.push({ job: report[1]!, attempt: Number(report[2]), task: report[3]! });
        }
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      slot.child = child;
      slot.busy = false;
      slot.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    };
    for (let i = 0; i < RUNNERS; i++) {
      const slot: RunnerSlot = {
        name: `soak-${i + 1}`,
        work: join(scratch, `work-${i + 1}`),
        child: null,
        exited: null,
        output: '',
        groups: [],
        partial: '',
        busy: false,
      };
      slots.push(slot);
      startRunner(slot);
    }

    // Submitter: a new fixture model every SUBMIT_EVERY_MS, and now and then the same bytes again (a CONFLICT).
    const submissions: { id: string; model: string; at: number }[] = [];
    const uploads = { ok: 0, conflicts: 0, errors: [] as string[] };
    let seed = 1000;
    let lastBytes: Uint8Array | null = null;
    const submitOne = async () => {
      const again = lastBytes !== null && rand() < 0.15;
      const bytes = again ? lastBytes! : buildTinyBackbone({ seed: seed++, layout: 'resnet50' });
      lastBytes = bytes;
      const up = await fetch(`${base}/artifacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.submitter}` },
        body: Buffer.from(bytes),
      });
      const body = (await up.json()) as { id?: string; error?: string };
      if (up.status !== 201 || !body.id)
        return void uploads.errors.push(`upload: HTTP ${up.status} ${body.error ?? ''}`);
      uploads.ok++;
      const res = await gql(
        `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id model { slug } } }`,
        { input: { artifactId: body.id, name: `Soak Net ${seed}` } },
        tokens.submitter,
      );
      const code = (res.body?.errors?.[0] as { extensions?: { code?: string } } | undefined)?.extensions?.code;
      if (again && code === 'CONFLICT') return void uploads.conflicts++;
      if (res.body?.errors || !res.body?.data)
        return void uploads.errors.push(`submitModel: ${JSON.stringify(res.body?.errors ?? res.status)}`);
      submissions.push({
        id: res.body.data.submitModel.id,
        model: res.body.data.submitModel.model.slug,
        at: Date.now(),
      });
    };

    // Readers: the public queries the web app and API users make, at QPS requests per second.
    const queries = { n: 0, errors: [] as string[], ms: [] as number[] };
    const READS = [
      () =>
        [
          '{ leaderboard(suite: "ssl-transfer-v1", source: MEASURED) { rows { rank score model { slug } } } }',
          {},
        ] as const,
      () =>
        ['{ models(first: 50) { totalCount edges { node { slug results { task { slug } value } } } } }', {}] as const,
      () =>
        [
          '{ submissions(first: 20) { edges { node { id status progress { task { slug } status reason } job { attempt status } } } } }',
          {},
        ] as const,
      () => {
        const s = submissions[Math.floor(rand() * submissions.length)];
        return s
          ? ([
              'query($id: ID!) { submission(id: $id) { status failureReason events { status reason attempt } progress { status reason } } }',
              { id: s.id },
            ] as const)
          : (['{ suites { slug } }', {}] as const);
      },
    ];
    const readOne = async () => {
      const [query, variables] = READS[Math.floor(rand() * READS.length)]!();
      const t0 = performance.now();
      try {
        const res = await gql(query, variables as Record<string, unknown>);
        queries.ms.push(performance.now() - t0);
        if (res.status !== 200 || res.body?.errors)
          queries.errors.push(`HTTP ${res.status} ${JSON.stringify(res.body?.errors ?? '').slice(0, 200)}`);
      } catch (err) {
        queries.errors.push((err as Error).message);
      }
      queries.n++;
    };

    // Chaos: every KILL_EVERY_MS (± half), one runner gets SIGKILL or SIGTERM, and is started again 1–3 s later.
    // Mostly one that holds a job (a kill between jobs tests little), wherever it is in the job.
    const kills = { SIGKILL: 0, SIGTERM: 0, midJob: 0, stopMs: [] as number[], badExits: [] as string[] };
    const killOne = async () => {
      const busy = slots.filter((x) => x.busy);
      const pool = busy.length && rand() < 0.8 ? busy : slots;
      const slot = pool[Math.floor(rand() * pool.length)]!;
      if (slot.busy) kills.midJob++;
      if (!slot.child || slot.child.exitCode !== null) return;
      const signal = rand() < 0.5 ? 'SIGKILL' : 'SIGTERM';
      kills[signal]++;
      const t0 = Date.now();
      slot.child.kill(signal);
      const code = await slot.exited;
      if (signal === 'SIGTERM') {
        kills.stopMs.push(Date.now() - t0);
        if (code !== 0) kills.badExits.push(`${slot.name}: SIGTERM exit ${code}`);
      }
      await sleep(1000 + rand() * 2000);
      startRunner(slot);
    };

    console.log(
      `soak: ${MINUTES} min (load ${Math.round(LOAD_MS / 1000)} s), ${RUNNERS} runners, a submission every ${SUBMIT_EVERY_MS / 1000} s, a kill every ~${KILL_EVERY_MS / 1000} s, ${QPS} queries/s, seed ${flags.seed}`,
    );
    const loadEnds = started + LOAD_MS;
    const loops = [
      (async () => {
        while (Date.now() < loadEnds) {
          await submitOne().catch((err: unknown) => uploads.errors.push((err as Error).message));
          await sleep(SUBMIT_EVERY_MS);
        }
      })(),
      (async () => {
        while (Date.now() < started + TOTAL_MS) {
          await readOne();
          await sleep(1000 / QPS);
        }
      })(),
      (async () => {
        await sleep(KILL_EVERY_MS / 2);
        while (Date.now() < loadEnds) {
          await killOne();
          await sleep(KILL_EVERY_MS * (0.5 + rand()));
        }
      })(),
    ];
    // Drain: wait for every submission to end, within the duration.
    const open = async () =>
      Number(
        (
          (await handle.db.execute(
            sql`select count(*)::int as n from submissions where status in ('QUEUED', 'RUNNING')`,
          )) as unknown as { rows: { n: number }[] }
        ).rows[0]!.n,
      );
    await sleep(LOAD_MS);
    const drainStarted = Date.now();
    while (Date.now() < started + TOTAL_MS && (await open()) > 0) await sleep(1000);
    const drainedAfter = (Date.now() - drainStarted) / 1000;
    await Promise.all(loops);

    // Stop the runners (SIGTERM: each must exit within 10 s), then look at what is stored.
    for (const slot of slots) slot.child?.kill('SIGTERM');
    await Promise.all(slots.map((s) => s.exited));
    const rows = async <T>(q: ReturnType<typeof sql>) =>
      ((await handle.db.execute(q)) as unknown as { rows: T[] }).rows;
    const subs = await rows<{
      id: string;
      status: string;
      failure_reason: string | null;
      model: string;
      attempt: number;
      max_attempts: number;
      releases: number;
      created: Date;
      updated: Date;
    }>(sql`
      select s.id, s.status, s.failure_reason, m.slug as model, j.attempt, j.max_attempts, j.releases, s.created_at as created, s.updated_at as updated
      from submissions s join models m on m.id = s.model_id join jobs j on j.submission_id = s.id`);
    const results = await rows<{ model: string; task: string; metric: string; n: number; attempts: number[] }>(sql`
      select m.slug as model, r.task_slug as task, r.metric, count(*)::int as n, array_agg((r.provenance->>'attempt')::int) as attempts
      from results r join models m on m.id = r.model_id where r.source = 'measured' group by 1, 2, 3`);
    const events = await rows<{ status: string; reason: string | null }>(sql`select status, reason from status_events`);
    const outcomes = await rows<{ kind: string; n: number }>(
      sql`select kind::text, count(*)::int as n from job_task_outcomes group by 1`,
    );

    console.log('\nchecks');
    const final = subs.filter((s) => s.status === 'SUCCEEDED' || s.status === 'FAILED');
    check(
      subs.length === submissions.length,
      `every submission made is stored (${subs.length} of ${submissions.length})`,
    );
    check(
      final.length === subs.length,
      `every submission is SUCCEEDED or FAILED (${subs.length - final.length} still ${[...new Set(subs.filter((s) => !final.includes(s)).map((s) => s.status))].join(', ') || 'open'})`,
    );
    check(
      subs.filter((s) => s.status === 'FAILED').every((s) => (s.failure_reason ?? '').length > 0),
      'every FAILED submission has its reason',
    );
    const byModel = new Map<string, typeof results>();
    for (const r of results) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
    check(
      results.every((r) => r.n === 1),
      `each task's result is recorded once (${results.filter((r) => r.n !== 1).length} (model, task, metric) with more than one row)`,
    );
    const missing = subs
      .filter((s) => s.status === 'SUCCEEDED')
      .flatMap((s) =>
        TASKS.filter((t) => !(byModel.get(s.model) ?? []).some((r) => r.task === t && r.metric === PRIMARY[t])).map(
          (t) => `${s.model}/${t}`,
        ),
      );
    check(
      missing.length === 0,
      `no task of a SUCCEEDED submission is missing its result (${missing.slice(0, 5).join(', ') || 'none missing'})`,
    );
    check(
      subs.every((s) => s.attempt <= s.max_attempts),
      'no job used more attempts than it has',
    );
    // A task measured by two attempts would be stored twice (the second overwriting the first): the runners' logs show it.
    // (Each runner logs a task's report once, after the API stored it; a released attempt's number is reused, so count lines.)
    const reportedBy = new Map<string, number>();
    for (const r of reports) reportedBy.set(`${r.job}/${r.task}`, (reportedBy.get(`${r.job}/${r.task}`) ?? 0) + 1);
    const twice = [...reportedBy].filter(([, n]) => n > 1).map(([key]) => key);
    check(
      twice.length === 0,
      `no task was measured and reported by two attempts (${reports.length} reports logged${twice.length ? `; twice: ${twice.slice(0, 5).join(', ')}` : ''})`,
    );
    check(
      results.every((r) => r.attempts.every((a) => a >= 1 && a <= 3)),
      'every result names the attempt that measured it',
    );
    check(kills.badExits.length === 0, `every SIGTERMed runner exited 0 (${kills.badExits.join('; ') || 'all did'})`);
    const stopMax = Math.max(0, ...kills.stopMs);
    check(stopMax < 10_000, `every SIGTERMed runner stopped within 10 s (slowest ${(stopMax / 1000).toFixed(1)} s)`);
    const orphans = slots
      .flatMap((s) => s.groups)
      .filter((pid) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      });
    check(
      orphans.length === 0,
      `no task process outlived its runner (${slots.reduce((n, s) => n + s.groups.length, 0)} task processes started, ${orphans.length} left)`,
    );
    check(
      queries.errors.length === 0,
      `every query answered without an error (${queries.errors.length} errors${queries.errors[0] ? `; first: ${queries.errors[0]}` : ''})`,
    );
    check(
      uploads.errors.length === 0,
      `every upload and submission succeeded or was a CONFLICT for repeated bytes (${uploads.errors.length} errors${uploads.errors[0] ? `; first: ${uploads.errors[0]}` : ''})`,
    );
    const apiAlive = api.child.exitCode === null;
    check(apiAlive, 'the API is still serving');

    const count = (status: string, re: RegExp) =>
      events.filter((e) => e.status === status && re.test(e.reason ?? '')).length;
    const latency = final.map((s) => (new Date(s.updated).getTime() - new Date(s.created).getTime()) / 1000);
    console.log('\nfigures');
    console.log(
      `  duration ${((Date.now() - started) / 1000).toFixed(0)} s (load ${Math.round(LOAD_MS / 1000)} s; queue drained ${drainedAfter.toFixed(0)} s after the load stopped)`,
    );
    console.log(
      `  submissions ${subs.length}: SUCCEEDED ${subs.filter((s) => s.status === 'SUCCEEDED').length}, FAILED ${subs.filter((s) => s.status === 'FAILED').length}; uploads ${uploads.ok} (${uploads.conflicts} repeated bytes answered CONFLICT)`,
    );
    console.log(
      `  submitted → final: p50 ${percentile(latency, 50).toFixed(0)} s, p99 ${percentile(latency, 99).toFixed(0)} s`,
    );
    console.log(
      `  measured results ${results.length} rows (${results.filter((r) => r.metric === PRIMARY[r.task]).length} primary) for ${byModel.size} models`,
    );
    const attempts = new Map<number, number>();
    for (const s of subs) attempts.set(s.attempt, (attempts.get(s.attempt) ?? 0) + 1);
    console.log(
      `  jobs by attempts used: ${[...attempts]
        .sort((a, b) => a[0] - b[0])
        .map(([a, n]) => `${a}: ${n}`)
        .join(', ')}; releases ${subs.reduce((n, s) => n + s.releases, 0)}`,
    );
    console.log(
      `  kills: SIGKILL ${kills.SIGKILL}, SIGTERM ${kills.SIGTERM}, ${kills.midJob} of them mid-job (SIGTERM to exit: p50 ${percentile(kills.stopMs, 50).toFixed(0)} ms, max ${stopMax.toFixed(0)} ms)`,
    );
    console.log(
      `  queue events: ${count('QUEUED', /released/)} released (attempt not counted), ${count('QUEUED', /expired/) + count('FAILED', /expired/)} lease expiries, ${count('QUEUED', /^stalled/) + count('FAILED', /^stalled/)} stalls, ${count('QUEUED', /task\(s\) failed/)} re-queued for failed tasks`,
    );
    console.log(`  task outcomes recorded: ${outcomes.map((o) => `${o.kind} ${o.n}`).join(', ') || 'none'}`);
    console.log(
      `  queries ${queries.n}: p50 ${percentile(queries.ms, 50).toFixed(1)} ms, p99 ${percentile(queries.ms, 99).toFixed(1)} ms, errors ${queries.errors.length}`,
    );
    for (const s of subs.filter((x) => x.status === 'FAILED').slice(0, 10))
      console.log(`  FAILED ${s.model}: ${s.failure_reason}`);
    console.log(failed ? '\nsoak FAILED' : '\nsoak passed');
  } finally {
    for (const slot of slots) if (slot.child && slot.child.exitCode === null) slot.child.kill('SIGKILL');
    await api.stop();
    await handle.close();
    const dropper = new pg.Client({ connectionString: server.url });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await dropper.end();
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
