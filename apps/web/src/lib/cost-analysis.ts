import { graphql } from './gql';
import type { CostAnalysisQuery } from './gql/graphql';
import { gql } from './graphql';
import { paretoFront, type ParetoPoint } from './pareto';

/** What a cost chart needs of a row. */
graphql(`
  fragment CostRowFields on LeaderboardRow {
    rank score basis source model { slug name cost { gflopsPerImage } costs { device precision imagesPerSecond } }
  }
`);

/**
 * Bounded at any board size: the COST_PAGE best-ranked rows, and the COST_PAGE with the fewest
 * GFLOPs and the most images per second, so both ends of each Pareto front are in view.
 */
const COST_ANALYSIS = graphql(`
  query CostAnalysis($suite: String!, $first: Int!) {
    leaderboard(suite: $suite) {
      top: rowsPage(first: $first) {
        totalCount
        edges { node { ...CostRowFields } }
      }
      cheap: rowsPage(first: $first, orderBy: { column: "cost:gflops" }) {
        edges { node { ...CostRowFields } }
      }
      fast: rowsPage(first: $first, orderBy: { column: "cost:ips" }) {
        edges { node { ...CostRowFields } }
      }
    }
  }
`);

/** Rows per page of the cost charts (the API's page limit). */
const COST_PAGE = 100;

type Row = CostAnalysisQuery['leaderboard']['top']['edges'][number]['node'];

export interface CostChart {
  points: ParetoPoint[];
  front: ParetoPoint[];
  /** For throughput: the device and precision every point was measured on. */
  device?: { name: string; precision: string };
}

export interface CostAnalysis {
  /** The categories every plotted score covers (the widest basis on the board). */
  basis: string[];
  /** The rows charted (at most 3 × COST_PAGE) and the board's rows. */
  shown: number;
  total: number;
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
  const { leaderboard: b } = await gql(COST_ANALYSIS, { suite, first: COST_PAGE });
  const byKey = new Map<string, Row>();
  for (const page of [b.top, b.cheap, b.fast])
    for (const { node } of page.edges) byKey.set(`${node.model.slug}|${node.source}`, node);
  const ranked = [...byKey.values()]
    .filter((r) => r.rank !== null && r.score !== null)
    // The board's order: the widest basis first, by rank within it.
    .sort((a, b) => b.basis.length - a.basis.length || a.rank! - b.rank!);
  const basis = ranked[0]?.basis ?? [];
  const rows = ranked.filter((r) => r.basis.join() === basis.join());
  const gflopsPoints = rows.flatMap((r) =>
    r.model.cost.gflopsPerImage !== null ? [{ label: label(r), x: r.model.cost.gflopsPerImage, y: r.score! }] : [],
  );
  return {
    basis,
    shown: byKey.size,
    total: b.top.totalCount,
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
