import { listResults } from '@transferboard/db/queries/list-results';
import { listSuites } from '@transferboard/db/queries/list-suites';
import { listTasks } from '@transferboard/db/queries/list-tasks';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { fromDbCategory, fromDbModelSource, fromDbSource, toDbCategory, toDbSource } from '../enums';
import type { Resolvers } from '../generated/resolvers-types';
import { resolveLeaderboard } from './leaderboard';
import { requireModel, requireSuite, requireTask } from './lookups';
import { resolveModels } from './models';

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING: case Kind.BOOLEAN: return ast.value;
    case Kind.INT: case Kind.FLOAT: return Number(ast.value);
    case Kind.LIST: return ast.values.map(literalToJson);
    case Kind.OBJECT: return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default: return null;
  }
}

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literalToJson,
});

type ProtocolJson = { id: string; version: number; description: string; params: unknown };

export const resolvers: Resolvers = {
  JSON: JSONScalar,
  Query: {
    suites: (_p, _a, ctx) => listSuites(ctx.db),
    suite: (_p, { slug }, ctx) => requireSuite(ctx, slug),
    tasks: async (_p, { suite, category }, ctx) => {
      if (suite) await requireSuite(ctx, suite);
      return listTasks(ctx.db, { suite: suite ?? undefined, category: category ? toDbCategory(category) : undefined });
    },
    task: (_p, { slug }, ctx) => requireTask(ctx, slug),
    models: (_p, args, ctx) => resolveModels(ctx, args),
    model: (_p, { slug }, ctx) => requireModel(ctx, slug),
    leaderboard: (_p, args, ctx) => resolveLeaderboard(ctx, args),
  },
  Suite: {
    tasks: async (suite, { category }, ctx) => {
      const tasks = suite.tasks ?? (await listTasks(ctx.db, { suite: suite.slug }));
      return category ? tasks.filter((t) => t.category === toDbCategory(category)) : tasks;
    },
  },
  Task: {
    category: (t) => fromDbCategory(t.category),
    higherIsBetter: (t) => t.higherIsBetter === 1,
    protocol: (t) => (t.protocol as ProtocolJson | null) ?? null,
    paperProtocol: (t) => t.paperProtocol as ProtocolJson,
  },
  Model: {
    source: (m) => fromDbModelSource(m.source),
    results: async (m, { suite, task, source }, ctx) => {
      if (suite) await requireSuite(ctx, suite);
      if (task) await requireTask(ctx, task);
      return listResults(ctx.db, {
        modelIds: [m.id],
        suite: suite ?? undefined,
        taskSlugs: task ? [task] : undefined,
        source: source ? toDbSource(source) : undefined,
      });
    },
  },
  Result: {
    task: (r, _a, ctx) => requireTask(ctx, r.taskSlug),
    source: (r) => fromDbSource(r.source),
  },
  Leaderboard: {
    suite: (l) => l.suite,
    category: (l) => (l.category ? fromDbCategory(l.category) : null),
    source: (l) => (l.source ? fromDbSource(l.source) : null),
  },
  LeaderboardRow: {
    source: (r) => fromDbSource(r.source),
    model: async (r, _a, ctx) => {
      const model = await ctx.loaders.modelById.load(r.modelId);
      if (!model) throw new Error(`Leaderboard row names model ${r.modelId}, which does not exist`);
      return model;
    },
    categoryScores: (r) => r.categoryScores.map((c) => ({ ...c, category: fromDbCategory(c.category) })),
  },
};
