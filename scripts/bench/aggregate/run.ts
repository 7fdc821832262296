// The leaderboard aggregation and rank intervals at many rows (the size they will be precomputed
// for): `npx tsx scripts/bench/aggregate/run.ts [--rows 10000] [--draws 1000] [--missing 0.02]`.
// Synthetic rows on ssl-transfer-v1: every tenth row measured (its detection and normals on the
// runner's probes), a share of cells missing (each pattern is another basis). Prints milliseconds
// per step and the load average, since the machine is shared.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { aggregateBoard, type Cell } from '@transferboard/suite/aggregate';
import { prepareBoard } from '@transferboard/suite/comparability';
import { bootstrapBoardRankIntervals } from '@transferboard/suite/rank-intervals';
import { registry } from '@transferboard/suite/registry';
import { mulberry32 } from '@transferboard/suite/random';
import { startRecord } from '../lib/record';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    draws: { type: 'string', default: '1000' },
    missing: { type: 'string', default: '0.02' },
  },
});
const record = startRecord('aggregate');
const rows = Number(values.rows);
const draws = Number(values.draws);
const missing = Number(values.missing);
const tasks = registry.suiteTasks('ssl-transfer-v1');
const rand = mulberry32(1);
const cells: Cell[] = [];
for (let r = 0; r < rows; r++) {
  for (const t of tasks) {
    if (rand() < missing) continue;
    const p = r % 10 === 0 && t.protocol ? t.protocol : t.paperProtocol;
    const value = t.primaryMetric === 'mean_angle_error' ? 20 + rand() * 20 : rand() * 100;
    cells.push({ row: `r${r}`, task: t.slug, value, protocolId: p.id, protocolVersion: p.version });
  }
}
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const out = f();
  return [out, performance.now() - t0];
};
const runs: object[] = [];
for (const aggregate of ['MEAN', 'MEAN_RANK'] as const) {
  const [board, prepareMs] = time(() => prepareBoard(tasks, cells));
  const [ranked, aggregateMs] = time(() => aggregateBoard(board, aggregate));
  const [intervals, intervalsMs] = time(() => bootstrapBoardRankIntervals(board, aggregate, { draws }));
  const bases = new Set(ranked.map((r) => r.basis.join(','))).size;
  const run = {
    aggregate,
    rows,
    tasks: tasks.length,
    cells: cells.length,
    bases,
    intervals: intervals.size,
    draws,
    prepareMs: Math.round(prepareMs),
    aggregateMs: Math.round(aggregateMs),
    intervalsMs: Math.round(intervalsMs),
  };
  runs.push(run);
  console.log(JSON.stringify({ ...run, load: loadavg()[0]!.toFixed(1) }));
}
record.write({ missing, runs });
