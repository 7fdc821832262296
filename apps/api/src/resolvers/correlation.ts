import { findLeaderboardCells } from '@transferboard/db/queries/find-leaderboard-cells';
import { listResults } from '@transferboard/db/queries/list-results';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import { metricDef } from '@transferboard/suite/metrics';
import { bootstrapCorrelationCi, correlate, logit, transferValue } from '@transferboard/suite/statistics';
import type { ResultSource } from '@transferboard/suite/types';
import type { ApiContext } from '../context';
import { toDbCategory, toDbSource } from '../enums';
import { badInput } from '../errors';
import type { QueryCorrelationArgs } from '../generated/resolvers-types';
import type { CorrelationParent, CorrelationPointParent } from '../mappers';
import { nextTurn } from '../limits/turns';
import { requireSuite } from './lookups';

interface Observation {
  modelId: string;
  source: ResultSource;
  taskSlug: string;
  value: number;
}

/**
 * ImageNet accuracy against transfer, as in the paper (section 4, figure 1): one point per model
 * (and result source) that has an ImageNet top-1 and every task of the setting; x is
 * logit(top-1), y the mean over the setting's tasks of the transformed metric.
 */
export async function resolveCorrelation(ctx: ApiContext, args: QueryCorrelationArgs): Promise<CorrelationParent> {
  if ((args.category ? 1 : 0) + (args.task ? 1 : 0) !== 1) {
    throw badInput('Give exactly one of "category" (the mean over its tasks) or "task".', args.category ? 'task' : 'category');
  }
  if (args.metric && !args.task) throw badInput('"metric" applies to a single task: give "task" with it (a category uses each task\'s primary metric).', 'metric');
  const suite = await requireSuite(ctx, args.suite);
  const source = args.source ? toDbSource(args.source) : undefined;
  const { tasks, metric } = settingTasks(suite.slug, suite.tasks, args);
  await nextTurn(); // the statement on a turn of its own (limits/turns.ts)
  const observations: Observation[] = metric
    ? (await listResults(ctx.db, { taskSlugs: [tasks[0]!.slug], metric, source })).map((r) => ({ ...r }))
    : (await findLeaderboardCells(ctx.db, suite.slug, source)).filter((c) => tasks.some((t) => t.slug === c.taskSlug));
  const points = await buildPoints(ctx, tasks, observations, metric);
  await nextTurn(); // the bootstrap on a turn of its own (limits/turns.ts)
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const ci = bootstrapCorrelationCi(args.method, xs, ys);
  return {
    suite,
    category: args.category ? toDbCategory(args.category) : null,
    task: args.task ? tasks[0]! : null,
    metric: args.task ? metric ?? tasks[0]!.primaryMetric : null,
    method: args.method,
    coefficient: correlate(args.method, xs, ys),
    n: points.length,
    ciLow: ci?.low ?? null,
    ciHigh: ci?.high ?? null,
    points,
  };
}

function settingTasks(suiteSlug: string, suiteTasks: TaskRow[], args: QueryCorrelationArgs): { tasks: TaskRow[]; metric: string | null } {
  if (args.task) {
    const task = suiteTasks.find((t) => t.slug === args.task);
    if (!task) throw badInput(`Task "${args.task}" is not in suite "${suiteSlug}".`, 'task');
    const metrics = [task.primaryMetric, ...task.secondaryMetrics];
    if (args.metric && !metrics.includes(args.metric)) {
      throw badInput(`Task "${task.slug}" has no metric "${args.metric}"; it has ${metrics.join(', ')}.`, 'metric');
    }
    // A secondary metric needs its own rows; the primary comes with the leaderboard cells.
    return { tasks: [task], metric: args.metric && args.metric !== task.primaryMetric ? args.metric : null };
  }
  const category = toDbCategory(args.category!);
  const tasks = suiteTasks.filter((t) => t.category === category);
  if (tasks.length === 0) throw badInput(`Suite "${suiteSlug}" has no ${args.category} tasks.`, 'category');
  return { tasks, metric: null };
}

async function buildPoints(ctx: ApiContext, tasks: TaskRow[], observations: Observation[], metric: string | null): Promise<CorrelationPointParent[]> {
  const byRow = new Map<string, Map<string, number>>();
  for (const o of observations) {
    const key = `${o.modelId}|${o.source}`;
    if (!byRow.has(key)) byRow.set(key, new Map());
    byRow.get(key)!.set(o.taskSlug, o.value);
  }
  const modelIds = [...new Set(observations.map((o) => o.modelId))];
  const models = new Map((await ctx.loaders.modelById.loadMany(modelIds)).flatMap((m) => (m && !(m instanceof Error) ? [[m.id, m] as const] : [])));
  const points: (CorrelationPointParent & { slug: string })[] = [];
  for (const [key, values] of byRow) {
    const [modelId, source] = key.split('|') as [string, ResultSource];
    const model = models.get(modelId);
    if (!model || model.imagenetTop1 === null || !tasks.every((t) => values.has(t.slug))) continue;
    const ys = tasks.map((t) => transferValue(metricDef(metric ?? t.primaryMetric), values.get(t.slug)!));
    points.push({ modelId, source, slug: model.slug, x: logit(model.imagenetTop1 / 100), y: ys.reduce((a, b) => a + b, 0) / ys.length });
  }
  points.sort((a, b) => a.slug.localeCompare(b.slug) || a.source.localeCompare(b.source));
  return points.map(({ slug: _slug, ...p }) => p);
}
