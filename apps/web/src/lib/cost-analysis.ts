import { graphql } from './gql';
import type { CostAnalysisQuery } from './gql/graphql';
import { gql } from './graphql';
import { paretoFront, type ParetoPoint } from './pareto';

const COST_ANALYSIS = graphql(`
  query CostAnalysis($suite: String!) {
    leaderboard(suite: $suite) {
      rows {
        rank score basis source
        model { slug name cost { gflopsPerImage } costs { device precision imagesPerSecond } }
      }
    }
  }
`);

type Row = CostAnalysisQuery['leaderboard']['rows'][number];

export interface CostChart {
  points: ParetoPoint[];
  front: ParetoPoint[];
  /** For throughput: the device and precision every point was measured on. */
  device?: { name: string; precision: string };
}

export interface CostAnalysis {
  /** The categories every plotted score covers (the widest basis on the board). */
  basis: string[];
  gflops: CostChart;
  throughput: CostChart | null;
}

const label = (r: Row) => (r.source === 'MEASURED' ? `${r.model.name} (measured)` : r.model.name);

/**
 * Score against cost on one suite. Scores are comparable only over one basis (the rows ranked
 * together), so the points are the rows on the board's widest basis; throughput is comparable
 * only on one device and precision, so its chart takes the device most of those models were
 * measured on.
 */
export async function fetchCostAnalysis(suite: string): Promise<CostAnalysis> {
  const data = await gql(COST_ANALYSIS, { suite });
  const ranked = data.leaderboard.rows.filter((r) => r.rank !== null && r.score !== null);
  const basis = ranked[0]?.basis ?? [];
  const rows = ranked.filter((r) => r.basis.join() === basis.join());
  const gflopsPoints = rows.flatMap((r) =>
    r.model.cost.gflopsPerImage !== null ? [{ label: label(r), x: r.model.cost.gflopsPerImage, y: r.score! }] : [],
  );
  return {
    basis,
    gflops: { points: gflopsPoints, front: paretoFront(gflopsPoints, { x: 'min', y: 'max' }) },
    throughput: throughputChart(rows),
  };
}

function throughputChart(rows: Row[]): CostChart | null {
  const counts = new Map<string, number>();
  for (const r of rows)
    for (const c of r.model.costs)
      if (c.device && c.precision)
        counts.set(`${c.device}\u0000${c.precision}`, (counts.get(`${c.device}\u0000${c.precision}`) ?? 0) + 1);
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!best) return null;
  const [name, precision] = best[0].split('\u0000') as [string, string];
  const points = rows.flatMap((r) => {
    const c = r.model.costs.find((m) => m.device === name && m.precision === precision);
    return c?.imagesPerSecond ? [{ label: label(r), x: c.imagesPerSecond, y: r.score! }] : [];
  });
  return { points, front: paretoFront(points, { x: 'max', y: 'max' }), device: { name, precision } };
}
