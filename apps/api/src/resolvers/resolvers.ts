import { jobEta } from './job-eta';
import { listDatasetFingerprints } from '@transferboard/db/queries/list-dataset-fingerprints';
import { findDataAsOf } from '@transferboard/db/queries/sync-versions';
import { listSuites } from '@transferboard/db/queries/list-suites';
import { listTasks } from '@transferboard/db/queries/list-tasks';
import type { ApiContext } from '../context';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import {
  fromDbCategory,
  fromDbModelSource,
  fromDbSource,
  fromReferenceReason,
  toDbCategory,
  toDbSource,
} from '../enums';
import { registry } from '@transferboard/suite/registry';
import type { QueryResolvers, Resolvers } from '../generated/resolvers-types';
import { analysisGroupParent, resolveCorrelation } from './correlation';
import { resolveTaskRanking } from './task-ranking';
import { pageOf } from '../board/board-page';
import {
  resolveClaimJob,
  resolveFailJob,
  resolveHeartbeat,
  resolveReleaseJob,
  resolveRequeueReevaluation,
  resolveReportResults,
  resolveReportTaskFailure,
} from './jobs';
import { requireRole } from '../auth/require-role';
import { resolveLeaderboard, resolveRowsPage } from './leaderboard';
import { resolveResults } from './results';
import { asOfArg } from './as-of';
import {
  requireSubmission,
  resolveCancelSubmission,
  resolveProgress,
  resolveSubmissions,
  resolveSubmitModel,
} from './submissions';
import { requireModel, requireSuite, requireTask } from './lookups';
import { resolveModels } from './models';
import { resolveModelAnatomy, resolveModelCost, resolveModelCosts } from './model-cost';
import { resolveReportThroughput } from './throughput';
import { resolveCompleteJob, resolveQueuePosition } from '../queue/resolvers';
import { submissionRunnerNames, visibleJson, visibleRunnerName, visibleText } from '../privacy/visibility';
import { nextTurn } from '../limits/turns';

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      return null;
  }
}

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: literalToJson,
});

async function loadModel(ctx: ApiContext, id: string) {
  const model = await ctx.loaders.modelById.load(id);
  if (!model) throw new Error(`A row names model ${id}, which does not exist`);
  return model;
}

async function loadSubmission(ctx: ApiContext, id: string) {
  const submission = await ctx.loaders.submissionById.load(id);
  if (!submission) throw new Error(`A job names submission ${id}, which does not exist`);
  return submission;
}

async function loadSuite(ctx: ApiContext, slug: string) {
  const suite = (await ctx.loaders.suites()).get(slug);
  if (!suite) throw new Error(`A row names suite ${slug}, which does not exist`);
  return suite;
}

async function loadArtifact(ctx: ApiContext, id: string) {
  const artifact = await ctx.loaders.artifactById.load(id);
  if (!artifact) throw new Error(`A row names artifact ${id}, which does not exist`);
  return artifact;
}

type ProtocolJson = { id: string; version: number; description: string; params: unknown };

/**
 * Root fields start on a turn of their own (limits/turns.ts): thirty aliased root fields then
 * send their statements one turn after another, instead of all in one stretch of the event loop.
 */
function onTurns(fields: QueryResolvers): QueryResolvers {
  return Object.fromEntries(
    Object.entries(fields).map(([name, resolve]) => [
      name,
      async (...args: unknown[]) => {
        await nextTurn();
        return (resolve as (...a: unknown[]) => unknown)(...args);
      },
    ]),
  );
}

export const resolvers: Resolvers = {
  JSON: JSONScalar,
  Query: onTurns({
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
    results: (_p, args, ctx) => resolveResults(ctx, args),
    correlation: (_p, args, ctx) => resolveCorrelation(ctx, args),
    submissions: (_p, args, ctx) => resolveSubmissions(ctx, args),
    submission: (_p, { id }, ctx) => requireSubmission(ctx, id),
  }),
  Mutation: {
    submitModel: (_p, args, ctx) => resolveSubmitModel(ctx, args),
    cancelSubmission: (_p, { id }, ctx) => resolveCancelSubmission(ctx, id),
    claimJob: (_p, { runner }, ctx) => resolveClaimJob(ctx, runner),
    heartbeat: (_p, args, ctx) => resolveHeartbeat(ctx, args),
    reportResults: (_p, args, ctx) => resolveReportResults(ctx, args),
    failJob: (_p, args, ctx) => resolveFailJob(ctx, args),
    releaseJob: (_p, args, ctx) => resolveReleaseJob(ctx, args),
    requeueReevaluation: (_p, { jobId }, ctx) => resolveRequeueReevaluation(ctx, jobId),
    reportTaskFailure: (_p, args, ctx) => resolveReportTaskFailure(ctx, args),
    completeJob: (_p, args, ctx) => resolveCompleteJob(ctx, args),
    reportThroughput: (_p, args, ctx) => resolveReportThroughput(ctx, args),
  },
  Suite: {
    tasks: async (suite, { category }, ctx) => {
      const tasks = suite.tasks ?? (await ctx.loaders.tasksBySuite.load(suite.slug));
      return category ? tasks.filter((t) => t.category === toDbCategory(category)) : tasks;
    },
    // Provenance and analysis groups are data of packages/suite, which seeds every suite row.
    provenance: (suite) => {
      const p = registry.suite(suite.slug).provenance;
      return { ...p, evidenceFor: [...p.evidenceFor], evidenceAgainst: [...p.evidenceAgainst] };
    },
    analysisGroups: (suite) => registry.suite(suite.slug).analysisGroups.map(analysisGroupParent),
  },
  AnalysisGroup: {
    slug: (g) => g.group.slug,
    title: (g) => g.group.title,
    metric: (g) => g.group.metric,
    tasks: (g, _a, ctx) => Promise.all(g.group.taskSlugs.map((slug) => requireTask(ctx, slug))),
  },
  Task: {
    category: (t) => fromDbCategory(t.category),
    higherIsBetter: (t) => t.higherIsBetter === 1,
    protocol: (t) => (t.protocol as ProtocolJson | null) ?? null,
    paperProtocol: (t) => t.paperProtocol as ProtocolJson,
    ranking: (t, { source }, ctx) => resolveTaskRanking(ctx, t, source),
    datasetFingerprints: (t, _a, ctx) => listDatasetFingerprints(ctx.db, t.slug),
  },
  TaskRanking: {
    referenceReason: (r) => (r.referenceReason ? fromReferenceReason(r.referenceReason) : null),
    entriesPage: (r, args) => pageOf(r.entries, args),
  },
  TaskRankingEntry: {
    model: (e, _a, ctx) => loadModel(ctx, e.modelId),
    source: (e) => fromDbSource(e.source),
  },
  Model: {
    source: (m) => fromDbModelSource(m.source),
    cost: (m, { device, precision }, ctx) => resolveModelCost(ctx, m, device, precision),
    costs: (m, _a, ctx) => resolveModelCosts(ctx, m),
    anatomy: (m, _a, ctx) => resolveModelAnatomy(ctx, m),
    results: async (m, { suite, task, source, asOf }, ctx) => {
      const at = asOfArg(asOf);
      if (suite) await requireSuite(ctx, suite);
      if (task) await requireTask(ctx, task);
      const rows = await ctx.loaders.resultsByModel.load({
        modelId: m.id,
        suite: suite ?? undefined,
        task: task ?? undefined,
        source: source ? toDbSource(source) : undefined,
        asOf: at?.toISOString(),
      });
      await nextTurn(); // each model's results are completed on a turn of their own (limits/turns.ts)
      return rows;
    },
  },
  Result: {
    id: (r) => String(r.id),
    model: (r, _a, ctx) => ctx.loaders.modelLoaded(r.modelId) ?? loadModel(ctx, r.modelId),
    task: (r, _a, ctx) => ctx.loaders.tasksLoaded()?.get(r.taskSlug) ?? requireTask(ctx, r.taskSlug),
    source: (r) => fromDbSource(r.source),
    stale: (r) => r.staleReason !== null,
    measuredAt: (r) => r.createdAt.toISOString(),
    supersededAt: (r) => r.supersededAt?.toISOString() ?? null,
    provenance: (r, _a, ctx) => visibleJson(ctx, r.provenance),
  },
  Leaderboard: {
    asOf: (l) => l.asOf?.toISOString() ?? null,
    dataAsOf: async (l, _a, ctx) => (await findDataAsOf(ctx.db, l.asOf))?.toISOString() ?? null,
    suite: (l) => l.suite,
    category: (l) => (l.category ? fromDbCategory(l.category) : null),
    source: (l) => (l.source ? fromDbSource(l.source) : null),
    rowsPage: (l, args, ctx) => resolveRowsPage(ctx, l.board, args),
    rowCount: (l) => l.board.rows.length,
    families: (l) => l.board.families,
  },
  LeaderboardColumn: {
    referenceReason: (c) => (c.referenceReason ? fromReferenceReason(c.referenceReason) : null),
  },
  LeaderboardRow: {
    source: (r) => fromDbSource(r.source),
    model: (r, _a, ctx) => r.model ?? loadModel(ctx, r.modelId),
    basis: (r) => r.basis.map(fromDbCategory),
    categoryScores: (r) => r.categoryScores.map((c) => ({ ...c, category: fromDbCategory(c.category) })),
    // On a turn of its own: the first row to ask bootstraps the intervals of the whole board.
    rankInterval: async (r) => {
      if (r.rank === null) return null;
      await nextTurn();
      return r.rankIntervals.get()?.get(r.rowKey) ?? null;
    },
    rankIntervalPending: (r) => r.rank !== null && r.rankIntervals.pending(),
  },
  Correlation: {
    category: (c) => (c.category ? fromDbCategory(c.category) : null),
  },
  CorrelationPoint: {
    model: (p, _a, ctx) => loadModel(ctx, p.modelId),
    source: (p) => fromDbSource(p.source),
  },
  Submission: {
    queuePosition: (s, _a, ctx) => resolveQueuePosition(ctx, s),
    failureReason: (s, _a, ctx) => visibleText(ctx, s.failureReason, submissionRunnerNames(ctx, s.id)),
    model: (s, _a, ctx) => loadModel(ctx, s.modelId),
    suite: (s, _a, ctx) => loadSuite(ctx, s.suiteSlug),
    artifact: (s, _a, ctx) => loadArtifact(ctx, s.artifactId),
    createdAt: (s) => s.createdAt.toISOString(),
    updatedAt: (s) => s.updatedAt.toISOString(),
    events: (s, _a, ctx) => ctx.loaders.eventsBySubmission.load(s.id),
    progress: (s, _a, ctx) => resolveProgress(ctx, s),
    // Its own evaluation: re-evaluations are listed in `jobs`, and do not change what this shows.
    job: async (s, _a, ctx) =>
      (await ctx.loaders.jobsBySubmission.load(s.id)).findLast((j) => j.kind === 'SUBMISSION') ?? null,
    jobs: (s, _a, ctx) => ctx.loaders.jobsBySubmission.load(s.id),
  },
  StatusEvent: {
    at: (e) => e.at.toISOString(),
    reason: (e, _a, ctx) => visibleText(ctx, e.reason, submissionRunnerNames(ctx, e.submissionId)),
  },
  TaskProgress: {
    task: (p, _a, ctx) => requireTask(ctx, p.taskSlug),
  },
  Job: {
    // The fencing token authorises writes to the job, so the public never reads it.
    fencingToken: async (j, _a, ctx) =>
      ctx.runnerVerified ||
      (await requireRole(ctx, ['runner']).then(
        () => true,
        () => false,
      ))
        ? j.fencingToken
        : null,
    leaseExpiresAt: (j) => j.leaseExpiresAt?.toISOString() ?? null,
    progressedAt: (j) => j.progressedAt?.toISOString() ?? null,
    runner: (j, _a, ctx) => visibleRunnerName(ctx, j.runnerName),
    lastError: (j, _a, ctx) => visibleText(ctx, j.lastError, [j.runnerName]),
    progress: (j, _a, ctx) => visibleJson(ctx, j.progress),
    suite: (j, _a, ctx) => loadSuite(ctx, j.suiteSlug),
    submission: (j, _a, ctx) => loadSubmission(ctx, j.submissionId),
    model: async (j, _a, ctx) => loadModel(ctx, (await loadSubmission(ctx, j.submissionId)).modelId),
    artifact: async (j, _a, ctx) => loadArtifact(ctx, (await loadSubmission(ctx, j.submissionId)).artifactId),
    tasks: async (j, _a, ctx) =>
      (await ctx.loaders.tasksBySuite.load(j.suiteSlug)).filter(
        (t) => t.protocol !== null && (j.taskSlugs === null || j.taskSlugs.includes(t.slug)),
      ),
    eta: async (j, _a, ctx) => {
      const eta = jobEta(j);
      return eta && { ...eta, basis: (await visibleText(ctx, eta.basis, [j.runnerName])) ?? '' };
    },
  },
};
