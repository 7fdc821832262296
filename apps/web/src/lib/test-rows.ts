import type { LeaderboardRow, LeaderboardTask } from './leaderboard';

/** Small hand-made leaderboards for the pure helpers' tests. */
export const TASKS: LeaderboardTask[] = [
  { slug: 'linear-aircraft', title: 'Aircraft · linear', category: 'LINEAR', primaryMetric: 'mean_per_class', higherIsBetter: true },
  { slug: 'dense-nyuv2-normals', title: 'NYUv2 surface normals', category: 'DENSE', primaryMetric: 'mean_angle_error', higherIsBetter: false },
];

export function row(slug: string, opts: { rank?: number | null; score?: number | null; family?: string; aircraft?: number | null; nyu?: number | null; top1?: number | null; source?: 'REPORTED' | 'MEASURED' }): LeaderboardRow {
  const aircraft = opts.aircraft === undefined ? 50 : opts.aircraft;
  const nyu = opts.nyu === undefined ? 30 : opts.nyu;
  return {
    rank: opts.rank === undefined ? 1 : opts.rank,
    score: opts.score === undefined ? 70 : opts.score,
    source: opts.source ?? 'REPORTED',
    rankInterval: null,
    model: { slug, name: slug.toUpperCase().replace('-', ' '), family: opts.family ?? 'contrastive', imagenetTop1: opts.top1 ?? 70 },
    categoryScores: [
      { category: 'LINEAR', score: aircraft, rank: null, tasksWithResults: aircraft === null ? 0 : 1, tasks: 1 },
      { category: 'DENSE', score: nyu === null ? null : 100 * (1 - nyu / 180), rank: null, tasksWithResults: nyu === null ? 0 : 1, tasks: 1 },
    ],
    cells: [
      { taskSlug: 'linear-aircraft', value: aircraft, ciLow: aircraft === null ? null : aircraft - 1, ciHigh: aircraft === null ? null : aircraft + 1, protocolId: 'linear-lbfgs' },
      { taskSlug: 'dense-nyuv2-normals', value: nyu, ciLow: null, ciHigh: null, protocolId: 'normals-pspnet-frozen' },
    ],
    completeness: { tasksWithResults: [aircraft, nyu].filter((v) => v !== null).length, tasks: 2 },
  };
}
