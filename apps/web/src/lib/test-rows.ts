import type { LeaderboardRow, LeaderboardTask } from './leaderboard';

/** Small hand-made leaderboards for the pure helpers' tests. */
export const TASKS: LeaderboardTask[] = [
  {
    slug: 'linear-aircraft',
    title: 'Aircraft · linear',
    category: 'LINEAR',
    primaryMetric: 'mean_per_class',
    higherIsBetter: true,
  },
  {
    slug: 'dense-nyuv2-normals',
    title: 'NYUv2 surface normals',
    category: 'DENSE',
    primaryMetric: 'mean_angle_error',
    higherIsBetter: false,
  },
];

interface RowOptions {
  rank?: number | null;
  score?: number | null;
  family?: string;
  aircraft?: number | null;
  nyu?: number | null;
  top1?: number | null;
  source?: 'REPORTED' | 'MEASURED';
  /** The normals value comes from the runner's frozen probe, not the paper's protocol: not comparable. */
  probe?: boolean;
  /** The model's cost (parameters, GFLOPs, measured img/s); unknown by default. */
  cost?: { parameters?: number | null; gflops?: number | null; ips?: number | null };
}

export function row(slug: string, opts: RowOptions): LeaderboardRow {
  const aircraft = opts.aircraft === undefined ? 50 : opts.aircraft;
  const nyu = opts.nyu === undefined ? 30 : opts.nyu;
  const normals = opts.probe ? { id: 'normals-frozen-probe', version: 1 } : { id: 'normals-pspnet-frozen', version: 1 };
  const rank = opts.rank === undefined ? 1 : opts.rank;
  const basis = [
    ...(aircraft === null ? [] : (['LINEAR'] as const)),
    ...(nyu === null || opts.probe ? [] : (['DENSE'] as const)),
  ];
  return {
    rank,
    rankedAmong: rank === null ? null : 3,
    basis: rank === null ? [] : basis,
    score: opts.score === undefined ? 70 : opts.score,
    source: opts.source ?? 'REPORTED',
    rankInterval: null,
    rankIntervalPending: false,
    model: {
      slug,
      name: slug.toUpperCase().replace('-', ' '),
      family: opts.family ?? 'contrastive',
      imagenetTop1: opts.top1 ?? 70,
      cost: {
        parameters: opts.cost?.parameters ?? null,
        gflopsPerImage: opts.cost?.gflops ?? null,
        imagesPerSecond: opts.cost?.ips ?? null,
        device: opts.cost?.ips ? 'Test CPU' : null,
        precision: opts.cost?.ips ? 'FP32' : null,
      },
    },
    categoryScores: [
      {
        category: 'LINEAR',
        score: aircraft,
        rank: null,
        rankedAmong: null,
        comparable: true,
        protocols: aircraft === null ? [] : [{ id: 'linear-lbfgs', version: 1 }],
        tasksWithResults: aircraft === null ? 0 : 1,
        tasks: 1,
      },
      {
        category: 'DENSE',
        score: nyu === null ? null : 100 * (1 - nyu / 180),
        rank: null,
        rankedAmong: null,
        comparable: !opts.probe,
        protocols: nyu === null ? [] : [normals],
        tasksWithResults: nyu === null ? 0 : 1,
        tasks: 1,
      },
    ],
    cells: [
      {
        taskSlug: 'linear-aircraft',
        value: aircraft,
        ciLow: aircraft === null ? null : aircraft - 1,
        ciHigh: aircraft === null ? null : aircraft + 1,
        protocolId: aircraft === null ? null : 'linear-lbfgs',
        protocolVersion: aircraft === null ? null : 1,
        comparable: true,
        rank: null,
        rankedAmong: null,
        stale: false,
        staleReason: null,
      },
      {
        taskSlug: 'dense-nyuv2-normals',
        value: nyu,
        ciLow: null,
        ciHigh: null,
        protocolId: nyu === null ? null : normals.id,
        protocolVersion: nyu === null ? null : 1,
        comparable: !opts.probe,
        rank: null,
        rankedAmong: null,
        stale: false,
        staleReason: null,
      },
    ],
    completeness: { tasksWithResults: [aircraft, nyu].filter((v) => v !== null).length, tasks: 2 },
  };
}
