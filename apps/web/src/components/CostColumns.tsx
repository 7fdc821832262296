import { formatGflops, formatParameters, formatRate } from '../lib/cost-format';
import type { LeaderboardRow } from '../lib/leaderboard';
import type { CostKey } from '../lib/sort';

/**
 * The leaderboard's optional cost columns (`?cost=1`): parameters and GFLOPs from each model's
 * graph, and the throughput a runner measured (its newest device; the cell's title names it,
 * since img/s compares only on one device and precision).
 */
export const COST_COLUMNS: { key: CostKey; label: string; title: string; lowerBetter: boolean }[] = [
  {
    key: 'cost:params',
    label: 'Params',
    title: 'Parameters (floating-point weights, BatchNorm statistics excluded)',
    lowerBetter: true,
  },
  {
    key: 'cost:gflops',
    label: 'GFLOPs',
    title: 'GFLOPs per 224×224 image: 2 × multiply-accumulates of Conv, Gemm and MatMul',
    lowerBetter: true,
  },
  {
    key: 'cost:ips',
    label: 'img/s',
    title:
      'Images per second a runner measured over feature extraction, decoding included (device in each cell’s title)',
    lowerBetter: false,
  },
];

export function CostCells({ cost }: { cost: LeaderboardRow['model']['cost'] }) {
  return (
    <>
      <td className="first-of-group" data-col="cost:params" title={cost.parameters?.toLocaleString('en')}>
        {formatParameters(cost.parameters)}
      </td>
      <td data-col="cost:gflops">{formatGflops(cost.gflopsPerImage)}</td>
      <td
        data-col="cost:ips"
        title={cost.device ? `on ${cost.device} (${cost.precision?.toLowerCase()})` : 'not measured'}
      >
        {formatRate(cost.imagesPerSecond)}
      </td>
    </>
  );
}
