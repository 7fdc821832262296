/**
 * Where a board update's time goes (issue 19, "new result → ranking"): the ssl-transfer-v1 board
 * of N measured models on a throwaway PostgreSQL server, built in full, then updated after one
 * re-measurement, phase by phase, in wall and CPU milliseconds (the machine is shared, so CPU time
 * is the steadier figure; CPU is this process's, so the database's own time shows only as wall).
 *
 *   npx tsx scripts/bench/growth/phases.ts [--models 10000] [--repeat 3]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '@transferboard/db/client';
import { migrateDb } from '@transferboard/db/migrate';
import { seedPaperData } from '@transferboard/db/seed';
import { findSuite } from '@transferboard/db/queries/find-suite';
import { findResultFingerprints } from '@transferboard/db/queries/find-result-fingerprints';
import { buildRowsOffLoop, type Built } from '../../../apps/api/src/board/board-build';
import { loadBoardSource, type BoardSource, type View } from '../../../apps/api/src/board/board-load';
import { packBoardCells } from '../../../apps/api/src/board/packed-cells';
import { startRecord } from '../lib/record';
import { seedGrowthModels } from '@transferboard/e2e/growth-seed';
import { newResult } from './seed';

const { values } = parseArgs({
  options: { models: { type: 'string', default: '10000' }, repeat: { type: 'string', default: '3' } },
});
const record = startRecord('growth-phases');
const N = Number(values.models);

/** Wall time; CPU of the whole process (its worker threads too); the event loop's busy time (what stalls requests). */
type Phase = { wallMs: number; cpuMs: number; loopMs: number };
async function phase<T>(out: Record<string, Phase>, name: string, f: () => T | Promise<T>): Promise<T> {
  const c0 = process.cpuUsage();
  const e0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const v = await f();
  const c = process.cpuUsage(c0);
  const e = performance.eventLoopUtilization(e0);
  out[name] = {
    wallMs: Math.round(performance.now() - t0),
    cpuMs: Math.round((c.user + c.system) / 1000),
    loopMs: Math.round(e.active),
  };
  return v;
}

const { startPostgres } = (await import('../../lib/postgres.mjs' as string)) as {
  startPostgres: () => Promise<{ url: string; stop: () => void }>;
};
const server = await startPostgres();
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('CREATE DATABASE tb_phases');
await admin.end();
const url = new URL(server.url);
url.pathname = '/tb_phases';
const handle = await createDb(url.toString());
const runs: Record<string, Phase>[] = [];
try {
  await migrateDb(handle);
  await seedPaperData(handle.db);
  await seedGrowthModels(url.toString(), N);
  const suite = (await findSuite(handle.db, 'ssl-transfer-v1'))!;
  const view: View = {
    suite: suite.slug,
    tasks: suite.tasks,
    source: null,
    aggregate: 'MEAN',
    asOf: undefined,
    includeStale: false,
  };
  const full: Record<string, Phase> = {};
  let source: BoardSource = await phase(full, 'load (full)', () => loadBoardSource(handle.db, view));
  // The build and what resolvers/leaderboard.ts does after it (the rank intervals' job, the rows).
  const steps = async (p: Record<string, Phase>, previous?: Built) => {
    const base = previous && { token: previous.token, rows: previous.rows };
    const built = await phase(p, 'build', () => buildRowsOffLoop(view, source, base));
    await phase(p, 'pack interval cells', () => packBoardCells(source.cellsByModel));
    await phase(p, 'row objects', () => built.rows.map((r) => ({ ...r, model: source.models.get(r.modelId) })));
    return built;
  };
  let built = await steps(full);
  console.log('full', JSON.stringify(full));
  for (let i = 0; i < Number(values.repeat); i++) {
    await newResult(url.toString());
    const p: Record<string, Phase> = {};
    await phase(p, 'fingerprints alone', () => findResultFingerprints(handle.db));
    source = await phase(p, 'load (incremental)', () => loadBoardSource(handle.db, view, source));
    built = await steps(p, built);
    console.log('update', i, JSON.stringify(p));
    runs.push(p);
  }
} finally {
  await handle.close();
  server.stop();
}
console.log(`load average ${loadavg()[0]!.toFixed(1)}`);
record.write({ models: N + 14, load: loadavg()[0], updates: runs });
