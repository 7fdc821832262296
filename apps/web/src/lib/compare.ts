import type { LeaderboardRow, LeaderboardTask } from './leaderboard';
import { protocolLabel } from './protocols';

export const MAX_COMPARED = 4;

/** `models=a,b` or `models=a&models=b` (what a GET form with several selects sends), deduplicated. */
export function parseModelList(raw: string | string[] | undefined): string[] {
  const parts = (Array.isArray(raw) ? raw : [raw ?? ''])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(parts)];
}

/**
 * The compared rows in the order the models were chosen (a model's reported row before its
 * measured one, as the view orders them), and the chosen models that exist but have no row here.
 */
export function comparedRows<R extends { model: { slug: string } }>(
  wanted: readonly string[],
  rows: readonly R[],
  unknown: readonly string[],
): { rows: R[]; missing: string[] } {
  const ordered = wanted.flatMap((slug) => rows.filter((r) => r.model.slug === slug));
  const missing = wanted.filter((slug) => !unknown.includes(slug) && !ordered.some((r) => r.model.slug === slug));
  return { rows: ordered, missing };
}

export interface TaskComparison {
  task: LeaderboardTask;
  values: (number | null)[];
  /** Per value, its protocol ("id vN"); empty where there is no value. */
  protocols: string[];
  /** Per value, whether it is on the column's reference protocol (empty values count as comparable). */
  comparable: boolean[];
  /** Value minus the first model's value; null where either is missing or the two are on different protocols. */
  deltas: (number | null)[];
  /** Indices of the best comparable value (several on a tie); empty where fewer than two comparable values exist. */
  winners: number[];
}

/** Per task: values, deltas and winners, comparing only numbers from the same protocol. */
export function compareTasks(tasks: LeaderboardTask[], rows: LeaderboardRow[]): TaskComparison[] {
  return tasks.map((task) => {
    const cells = rows.map((r) => r.cells.find((c) => c.taskSlug === task.slug));
    const values = cells.map((c) => c?.value ?? null);
    const protocols = cells.map((c) => (c && c.value !== null ? protocolLabel(c) : ''));
    const comparable = cells.map((c) => c?.comparable ?? true);
    const base = values[0] ?? null;
    const deltas = values.map((v, i) =>
      v === null || base === null || protocols[i] !== protocols[0] ? null : v - base,
    );
    const ranked = values.flatMap((v, i) => (v !== null && comparable[i] ? [v] : []));
    const best = ranked.length < 2 ? null : task.higherIsBetter ? Math.max(...ranked) : Math.min(...ranked);
    const winners = best === null ? [] : values.flatMap((v, i) => (v === best && comparable[i] ? [i] : []));
    return { task, values, protocols, comparable, deltas, winners };
  });
}

/** Per model, the number of tasks it wins outright or shares the best value on. */
export function winCounts(comparisons: TaskComparison[], models: number): number[] {
  const counts = new Array<number>(models).fill(0);
  for (const c of comparisons) for (const w of c.winners) counts[w]! += 1;
  return counts;
}
