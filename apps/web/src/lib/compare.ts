import type { LeaderboardRow, LeaderboardTask } from './leaderboard';

export const MAX_COMPARED = 4;

/** `models=a,b` or `models=a&models=b` (what a GET form with several selects sends), deduplicated. */
export function parseModelList(raw: string | string[] | undefined): string[] {
  const parts = (Array.isArray(raw) ? raw : [raw ?? '']).flatMap((v) => v.split(',')).map((s) => s.trim().toLowerCase()).filter(Boolean);
  return [...new Set(parts)];
}

export interface TaskComparison {
  task: LeaderboardTask;
  values: (number | null)[];
  /** Value minus the first model's value; null where either is missing. */
  deltas: (number | null)[];
  /** Indices of the best value (several on a tie); empty where fewer than two models have a value. */
  winners: number[];
}

export function compareTasks(tasks: LeaderboardTask[], rows: LeaderboardRow[]): TaskComparison[] {
  return tasks.map((task) => {
    const values = rows.map((r) => r.cells.find((c) => c.taskSlug === task.slug)?.value ?? null);
    const base = values[0] ?? null;
    const deltas = values.map((v) => (v === null || base === null ? null : v - base));
    const present = values.filter((v): v is number => v !== null);
    const best = present.length < 2 ? null : task.higherIsBetter ? Math.max(...present) : Math.min(...present);
    const winners = best === null ? [] : values.flatMap((v, i) => (v === best ? [i] : []));
    return { task, values, deltas, winners };
  });
}

/** Per model, the number of tasks it wins outright or shares the best value on. */
export function winCounts(comparisons: TaskComparison[], models: number): number[] {
  const counts = new Array<number>(models).fill(0);
  for (const c of comparisons) for (const w of c.winners) counts[w]! += 1;
  return counts;
}
