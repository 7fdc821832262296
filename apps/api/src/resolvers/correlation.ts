import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import { findLeaderboardCells } from '@transferboard/db/queries/find-leaderboard-cells';
import { listResults } from '@transferboard/db/queries/list-results';
import type { SuiteWithTasks, TaskRow } from '@transferboard/db/queries/find-suite';
import { groupProtocol } from '@transferboard/suite/analysis-groups';
import {
  poolOn,
  poolOnReference,
  settingValues,
  type Observation,
  type PoolingRule,
} from '@transferboard/suite/analysis';
import { registry, UnknownSlugError } from '@transferboard/suite/registry';
import { bootstrapCorrelationCi, correlate, linearFit, logit } from '@transferboard/suite/statistics';
import type { AnalysisGroupDef, ResultSource } from '@transferboard/suite/types';
import type { ApiContext } from '../context';
import { toDbCategory, toDbSource } from '../enums';
import { badInput, notFound } from '../errors';
import type { QueryCorrelationArgs } from '../generated/resolvers-types';
import type { AnalysisGroupParent, CorrelationParent, CorrelationPointParent } from '../mappers';
import { nextTurn } from '../limits/turns';
import { requireSuite } from './lookups';

/** What one correlation pools: its tasks, the metric per task, the protocol rule, and labels. */
interface Setting {
  tasks: TaskRow[];
  /** One metric id for every task, or null for each task's primary metric. */
  metric: string | null;
  pooling: PoolingRule;
  group: AnalysisGroupParent | null;
  label: string | null;
}

/**
 * ImageNet accuracy against transfer, as in the paper (section 4, figure 1): one point per model
 * (and result source) that has an ImageNet top-1 and every task of the setting on the pooled
 * protocol; x is logit(top-1), y the mean over the setting's tasks of the transformed metric.
 */
export async function resolveCorrelation(ctx: ApiContext, args: QueryCorrelationArgs): Promise<CorrelationParent> {
  checkArguments(args);
  const suite = await requireSuite(ctx, args.suite);
  // Computed once per (setting, method, source) and data version, then shared (the board store's
  // pattern): its bootstrap over 10,000 points is work no request should repeat.
  const key = JSON.stringify([
    suite.slug,
    args.group ?? null,
    args.task ?? null,
    args.category ?? null,
    args.metric ?? null,
    args.source ?? null,
    args.method,
  ]);
  const version = await findDataVersion(ctx.db);
  return ctx.correlations.get(key, version, () => computeCorrelation(ctx, suite, args));
}

async function computeCorrelation(
  ctx: ApiContext,
  suite: SuiteWithTasks,
  args: QueryCorrelationArgs,
): Promise<CorrelationParent> {
  const source = args.source ? toDbSource(args.source) : undefined;
  const setting = args.group
    ? groupSetting(suite, args.group)
    : args.task
      ? taskSetting(suite, args)
      : categorySetting(suite, args);
  const slugs = setting.tasks.map((t) => t.slug);
  await nextTurn(); // the statement on a turn of its own (limits/turns.ts)
  const rows = setting.metric
    ? await listResults(ctx.db, { taskSlugs: slugs, metric: setting.metric, source, includeStale: false })
    : (await findLeaderboardCells(ctx.db, suite.slug, { source })).filter((c) => slugs.includes(c.taskSlug));
  const observations: Observation[] = rows.map((r) => ({
    row: `${r.modelId}|${r.source}`,
    task: r.taskSlug,
    value: r.value,
    protocolId: r.protocolId,
    protocolVersion: r.protocolVersion,
  }));
  const defs = setting.tasks.map((t) => registry.task(t.slug));
  const { values, protocols } = settingValues(
    defs,
    observations,
    (t) => setting.metric ?? t.primaryMetric,
    setting.pooling,
  );
  const points = await buildPoints(ctx, values);
  await nextTurn(); // the bootstrap on a turn of its own (limits/turns.ts)
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const ci = bootstrapCorrelationCi(args.method, xs, ys);
  return {
    suite,
    group: setting.group,
    pooledProtocols: protocols.map((p) => p && { id: p.id, version: p.version }),
    category: args.category && !args.group && !args.task ? toDbCategory(args.category) : null,
    task: args.task ? setting.tasks[0]! : null,
    metric: setting.label,
    method: args.method,
    coefficient: correlate(args.method, xs, ys),
    n: points.length,
    ciLow: ci?.low ?? null,
    ciHigh: ci?.high ?? null,
    fit: linearFit(xs, ys),
    points,
  };
}

function checkArguments(args: QueryCorrelationArgs): void {
  if (args.group != null && (args.task != null || args.category != null)) {
    throw badInput(
      'Give "group" alone: a group names its own tasks and metric. Drop "task" and "category".',
      args.task != null ? 'task' : 'category',
    );
  }
  if ([args.group, args.task, args.category].filter((a) => a != null).length !== 1) {
    throw badInput(
      'Give exactly one of "group" (one of the suite\'s analysisGroups), "task", or the deprecated "category".',
      'group',
    );
  }
  if (args.metric && !args.task) {
    throw badInput(
      '"metric" applies to a single task: give "task" with it (a group has its own metric; a category uses each task\'s primary metric).',
      'metric',
    );
  }
}

export function analysisGroupParent(group: AnalysisGroupDef): AnalysisGroupParent {
  return { group, protocol: groupProtocol(group.taskSlugs.map((s) => registry.task(s))) };
}

function groupSetting(suite: SuiteWithTasks, slug: string): Setting {
  let group: AnalysisGroupDef;
  try {
    group = registry.analysisGroup(suite.slug, slug);
  } catch (e) {
    if (e instanceof UnknownSlugError)
      throw notFound(
        'analysis group',
        slug,
        registry.suite(suite.slug).analysisGroups.map((g) => g.slug),
      );
    throw e;
  }
  const parent = analysisGroupParent(group);
  const tasks = suite.tasks.filter((t) => group.taskSlugs.includes(t.slug));
  // Many-shot groups correlate each task's primary metric (they differ); the others one metric id.
  const metric = group.metric === 'primary' ? null : group.metric;
  return { tasks, metric, pooling: poolOn(parent.protocol), group: parent, label: group.metric };
}

function taskSetting(suite: SuiteWithTasks, args: QueryCorrelationArgs): Setting {
  const task = suite.tasks.find((t) => t.slug === args.task);
  if (!task) throw badInput(`Task "${args.task}" is not in suite "${suite.slug}".`, 'task');
  const metrics = [task.primaryMetric, ...task.secondaryMetrics];
  if (args.metric && !metrics.includes(args.metric)) {
    throw badInput(`Task "${task.slug}" has no metric "${args.metric}"; it has ${metrics.join(', ')}.`, 'metric');
  }
  // A secondary metric needs its own rows; the primary comes with the leaderboard cells.
  const metric = args.metric && args.metric !== task.primaryMetric ? args.metric : null;
  return { tasks: [task], metric, pooling: poolOnReference, group: null, label: args.metric ?? task.primaryMetric };
}

function categorySetting(suite: SuiteWithTasks, args: QueryCorrelationArgs): Setting {
  const category = toDbCategory(args.category!);
  const tasks = suite.tasks.filter((t) => t.category === category);
  if (tasks.length === 0) throw badInput(`Suite "${suite.slug}" has no ${args.category} tasks.`, 'category');
  return { tasks, metric: null, pooling: poolOnReference, group: null, label: null };
}

async function buildPoints(ctx: ApiContext, values: Map<string, number>): Promise<CorrelationPointParent[]> {
  const keys = [...values.keys()].map((k) => k.split('|') as [string, ResultSource]);
  const modelIds = [...new Set(keys.map(([id]) => id))];
  const models = new Map(
    (await ctx.loaders.modelById.loadMany(modelIds)).flatMap((m) =>
      m && !(m instanceof Error) ? [[m.id, m] as const] : [],
    ),
  );
  const points: (CorrelationPointParent & { slug: string })[] = [];
  for (const [modelId, source] of keys) {
    const model = models.get(modelId);
    if (!model || model.imagenetTop1 === null) continue;
    points.push({
      modelId,
      source,
      slug: model.slug,
      x: logit(model.imagenetTop1 / 100),
      y: values.get(`${modelId}|${source}`)!,
    });
  }
  points.sort((a, b) => a.slug.localeCompare(b.slug) || a.source.localeCompare(b.source));
  return points.map(({ slug: _slug, ...p }) => p);
}
