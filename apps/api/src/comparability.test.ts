import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { artifacts, models } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { taskScore } from '@transferboard/suite/aggregate';
import { registry } from '@transferboard/suite/registry';
import { TASK_CATEGORIES, type TaskDef } from '@transferboard/suite/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from './auth/token-admin';
import { startHarness, type Harness } from './test/harness';

/**
 * The comparability rule with a measured model present (issue 14): a model goes through the real
 * submit → claim → report flow on ssl-transfer-v1, its detection and normals from the runner's
 * frozen probes, its linear and few-shot on the runner's protocols. Its probe numbers are made
 * better than every paper number, so any view that ranked them against the paper would show it.
 * Every leaderboard view (both suites, every source, category and aggregate) is then checked
 * against an independent recomputation of the rule from the cells it returns.
 */

const SLUG = 'probe-model';
const LEADERBOARD = `query($suite: String!, $source: ResultSource, $category: TaskCategory, $aggregate: Aggregate) {
  leaderboard(suite: $suite, source: $source, category: $category, aggregate: $aggregate) {
    columns { task { slug } referenceProtocol { id version } referenceReason }
    rows {
      rank rankedAmong basis score rankInterval { low high } source model { slug }
      categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
      cells { taskSlug value protocolId protocolVersion comparable rank rankedAmong }
    }
  } }`;

type Key = { id: string; version: number } | null;
interface Cell {
  taskSlug: string;
  value: number | null;
  protocolId: string | null;
  protocolVersion: number | null;
  comparable: boolean;
  rank: number | null;
  rankedAmong: number | null;
}
interface CategoryScore {
  category: string;
  score: number | null;
  rank: number | null;
  rankedAmong: number | null;
  comparable: boolean;
  protocols: Key[];
  tasksWithResults: number;
  tasks: number;
}
interface Row {
  rank: number | null;
  rankedAmong: number | null;
  basis: string[];
  score: number | null;
  rankInterval: { low: number; high: number } | null;
  source: string;
  model: { slug: string };
  categoryScores: CategoryScore[];
  cells: Cell[];
}
interface Board {
  columns: { task: { slug: string }; referenceProtocol: Key; referenceReason: string | null }[];
  rows: Row[];
}

const same = (a: Key, b: Key) => !!a && !!b && a.id === b.id && a.version === b.version;
const keyOf = (c: Cell): Key => (c.protocolId === null ? null : { id: c.protocolId, version: c.protocolVersion! });
const rowName = (r: Row) => `${r.model.slug}/${r.source}`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Mean ranks (1 = best, ties share), higher is better. */
function meanRanks(values: number[]): number[] {
  return values.map((v) => values.filter((o) => o > v).length + (values.filter((o) => o === v).length + 1) / 2);
}

/** Checks one view against the rule, recomputed here from the cells it returned. */
function checkView(board: Board, aggregate: 'MEAN' | 'MEAN_RANK', where: string): void {
  const tasks = board.columns.map((c) => registry.task(c.task.slug));
  const reference = new Map(board.columns.map((c) => [c.task.slug, c.referenceProtocol]));
  const cellOf = (r: Row, t: TaskDef) => r.cells.find((c) => c.taskSlug === t.slug)!;
  const score = (r: Row, t: TaskDef) => taskScore(t, cellOf(r, t).value!);

  // Task ranks: only among the values on the same protocol.
  for (const t of tasks) {
    const present = board.rows.filter((r) => cellOf(r, t).value !== null);
    for (const r of present) {
      const c = cellOf(r, t);
      const peers = present.filter((o) => same(keyOf(cellOf(o, t)), keyOf(c)));
      const at = `${where} ${rowName(r)} ${t.slug}`;
      expect(c.comparable, at).toBe(same(keyOf(c), reference.get(t.slug)!));
      expect(c.rankedAmong, at).toBe(peers.length);
      expect(c.rank, at).toBe(1 + peers.filter((o) => score(o, t) > score(r, t)).length);
    }
  }

  // Categories: comparable means every present value on the reference; a basis category has all tasks on it.
  const categories = TASK_CATEGORIES.filter((cat) => tasks.some((t) => t.category === cat)).map((cat) =>
    cat.toUpperCase(),
  );
  const tasksOf = (cat: string) => tasks.filter((t) => t.category.toUpperCase() === cat);
  const onReference = (r: Row, cat: string) =>
    tasksOf(cat).every((t) => same(keyOf(cellOf(r, t)), reference.get(t.slug)!));
  const signature = (r: Row, cat: string) =>
    tasksOf(cat)
      .map((t) => JSON.stringify(keyOf(cellOf(r, t))))
      .join('|');
  for (const r of board.rows) {
    expect(r.basis, `${where} ${rowName(r)} basis`).toEqual(categories.filter((cat) => onReference(r, cat)));
    for (const cs of r.categoryScores) {
      const at = `${where} ${rowName(r)} ${cs.category}`;
      const present = tasksOf(cs.category).filter((t) => cellOf(r, t).value !== null);
      expect(cs.comparable, at).toBe(present.every((t) => cellOf(r, t).comparable));
      if (cs.score === null) continue;
      const group = board.rows.filter(
        (o) =>
          o.categoryScores.find((x) => x.category === cs.category)!.score !== null &&
          signature(o, cs.category) === signature(r, cs.category),
      );
      expect(cs.rankedAmong, at).toBe(group.length);
    }
  }

  // Overall: per basis, among every row comparable on all of it, scored over the basis only.
  for (const r of board.rows) {
    const at = `${where} ${rowName(r)}`;
    if (r.basis.length === 0) {
      expect([r.rank, r.score, r.rankInterval], at).toEqual([null, null, null]);
      continue;
    }
    const eligible = board.rows.filter((o) => r.basis.every((cat) => o.basis.includes(cat)));
    expect(r.rankedAmong, at).toBe(eligible.length);
    const basisScores =
      aggregate === 'MEAN'
        ? eligible.map((o) => mean(r.basis.map((cat) => mean(tasksOf(cat).map((t) => score(o, t))))))
        : (() => {
            const perCategory = r.basis.map((cat) => {
              const perTask = tasksOf(cat).map((t) => meanRanks(eligible.map((o) => score(o, t))));
              return eligible.map((_, i) => mean(perTask.map((ranks) => ranks[i]!)));
            });
            return eligible.map((_, i) => mean(perCategory.map((c) => c[i]!)));
          })();
    const mine = basisScores[eligible.indexOf(r)]!;
    expect(r.score, at).toBeCloseTo(mine, 9);
    const better = basisScores.filter((s) => (aggregate === 'MEAN' ? s > mine + 1e-9 : s < mine - 1e-9)).length;
    expect(r.rank, at).toBe(better + 1);
    expect(r.rankInterval!.low, at).toBeLessThanOrEqual(r.rank!);
    expect(r.rankInterval!.high, at).toBeGreaterThanOrEqual(r.rank!);
    expect(r.rankInterval!.high, at).toBeLessThanOrEqual(eligible.length);
  }
}

describe.each(testDbKinds)('the comparability rule with a measured model on %s', (kind) => {
  let h: Harness;
  const probe = {
    detection: registry.task('detection-voc-frozen').protocol!,
    normals: registry.task('dense-nyuv2-normals').protocol!,
  };
  /** Categories where the runner's protocol is the paper's on every v1 task: the measured row's basis on v1. */
  const sharedV1 = ['LINEAR', 'FEW_SHOT', 'DETECTION', 'DENSE'].filter((cat) =>
    registry
      .suiteTasks('ssl-transfer-v1')
      .filter((t) => t.category.toUpperCase() === cat)
      .every(
        (t) => t.protocol && t.protocol.id === t.paperProtocol.id && t.protocol.version === t.paperProtocol.version,
      ),
  );

  const board = async (vars: Record<string, unknown>): Promise<Board> => {
    const { data, errors } = await h.query(LEADERBOARD, vars);
    expect(errors, JSON.stringify(vars)).toBeUndefined();
    return data!.leaderboard as Board;
  };

  beforeAll(async () => {
    h = await startHarness(kind);
    const submitter = (await createToken(h.db.db, { role: 'submitter', name: 'submitter' })).token;
    const runner = (await createToken(h.db.db, { role: 'runner', name: 'runner' })).token;
    const sha256 = randomBytes(32).toString('hex');
    const [artifact] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256, uploadedBy: null })
      .returning({ id: artifacts.id });
    const submitted = await h.gql(
      `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }`,
      { input: { artifactId: artifact!.id, name: 'Probe Model' } },
      submitter,
    );
    expect(submitted.json.errors).toBeUndefined();
    const job = (
      await h.gql(
        `mutation { claimJob(runner: "host") { id fencingToken tasks { slug primaryMetric protocol { id version } } } }`,
        {},
        runner,
      )
    ).json.data.claimJob;
    for (const task of job.tasks as {
      slug: string;
      primaryMetric: string;
      protocol: { id: string; version: number };
    }[]) {
      // Probe numbers better than every paper number; linear and few-shot mid-table.
      const results =
        task.slug === 'detection-voc-frozen'
          ? [
              { metric: 'ap50', value: 99 },
              { metric: 'ap', value: 90 },
              { metric: 'ap75', value: 95 },
            ]
          : task.slug === 'dense-nyuv2-normals'
            ? [
                { metric: 'mean_angle_error', value: 5 },
                { metric: 'within_11_25', value: 95 },
              ]
            : [{ metric: task.primaryMetric, value: 70 }];
      // Reported under the task's runner protocol, as a runner must (the API refuses any other).
      const res = await h.gql(
        `mutation($jobId: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $protocol: ProtocolRefInput) {
        reportResults(jobId: $jobId, fencingToken: $token, task: $task, results: $results, protocol: $protocol) { status } }`,
        { jobId: job.id, token: job.fencingToken, task: task.slug, results, protocol: task.protocol },
        runner,
      );
      expect(res.json.errors, task.slug).toBeUndefined();
    }
    // A submission has no ImageNet accuracy of its own; give it one, so it could be a correlation point.
    await h.db.db.update(models).set({ imagenetTop1: 76 }).where(eq(models.slug, SLUG));
  });
  afterAll(async () => h?.close());

  it("stores the probe results under the runner's protocols, not the paper's", async () => {
    const { data } = await h.query(
      `{ model(slug: "${SLUG}") { results(task: "detection-voc-frozen") { metric protocolId protocolVersion source } } }`,
    );
    expect(data!.model.results).toContainEqual({
      metric: 'ap50',
      protocolId: probe.detection.id,
      protocolVersion: probe.detection.version,
      source: 'MEASURED',
    });
  });

  const views = (suite: string) => {
    const cats = [...new Set(registry.suiteTasks(suite).map((t) => t.category.toUpperCase()))];
    return [null, 'REPORTED', 'MEASURED'].flatMap((source) =>
      [null, ...cats].flatMap((category) =>
        (['MEAN', 'MEAN_RANK'] as const).map((aggregate) => ({ suite, source, category, aggregate })),
      ),
    );
  };

  it.each(['ssl-transfer-v1', 'ssl-transfer-cvpr'])(
    'never ranks two protocols on one task, in any view of %s',
    async (suite) => {
      for (const v of views(suite)) checkView(await board(v), v.aggregate, JSON.stringify(v));
    },
  );

  it("on the default v1 board: the probe numbers are shown with their protocol, unranked against the paper's", async () => {
    const { columns, rows } = await board({ suite: 'ssl-transfer-v1' });
    expect(columns.find((c) => c.task.slug === 'detection-voc-frozen')).toMatchObject({
      referenceReason: 'PAPER',
      referenceProtocol: { id: registry.task('detection-voc-frozen').paperProtocol.id },
    });
    const measured = rows.find((r) => r.model.slug === SLUG)!;
    const paper = rows.filter((r) => r.source === 'REPORTED');
    expect(paper).toHaveLength(14);
    expect(measured.cells.find((c) => c.taskSlug === 'detection-voc-frozen')).toMatchObject({
      value: 99,
      protocolId: probe.detection.id,
      protocolVersion: probe.detection.version,
      comparable: false,
      rank: 1,
      rankedAmong: 1,
    });
    expect(measured.cells.find((c) => c.taskSlug === 'dense-nyuv2-normals')).toMatchObject({
      protocolId: probe.normals.id,
      comparable: false,
      rankedAmong: 1,
    });
    for (const r of paper) expect(r.cells.find((c) => c.taskSlug === 'detection-voc-frozen')!.rankedAmong).toBe(14);
    expect(measured.categoryScores.find((c) => c.category === 'DETECTION')).toMatchObject({
      comparable: false,
      rank: 1,
      rankedAmong: 1,
    });
    expect(paper.every((r) => r.categoryScores.find((c) => c.category === 'DETECTION')!.rankedAmong === 14)).toBe(true);
    // Its basis: the categories where the runner reproduces the paper (linear, few-shot); the paper rows keep theirs.
    expect(measured.basis).toEqual(sharedV1);
    expect(measured.rankedAmong).toBe(15);
    const reportedOnly = (await board({ suite: 'ssl-transfer-v1', source: 'REPORTED' })).rows;
    for (const r of paper) {
      const alone = reportedOnly.find((o) => o.model.slug === r.model.slug)!;
      expect([r.rank, r.score, r.rankedAmong, r.rankInterval], r.model.slug).toEqual([
        alone.rank,
        alone.score,
        14,
        alone.rankInterval,
      ]);
    }
    // The rows come grouped by basis: the full basis first.
    expect(rows.findIndex((r) => r.model.slug === SLUG)).toBe(14);
  });

  it('on the CVPR board, ranks the measured row over linear alone (its few-shot lacks the Kornblith tasks)', async () => {
    const measured = (await board({ suite: 'ssl-transfer-cvpr' })).rows.find((r) => r.model.slug === SLUG)!;
    expect(measured.basis).toEqual(sharedV1.filter((c) => c === 'LINEAR'));
    expect(measured.categoryScores.find((c) => c.category === 'FEW_SHOT')).toMatchObject({
      score: null,
      tasksWithResults: 4,
      tasks: 14,
    });
  });

  it("ranks on the runner's protocols in the measured-only view", async () => {
    const { columns, rows } = await board({ suite: 'ssl-transfer-v1', source: 'MEASURED' });
    expect(columns.find((c) => c.task.slug === 'detection-voc-frozen')).toMatchObject({
      referenceReason: 'RUNNER',
      referenceProtocol: { id: probe.detection.id },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ rank: 1, rankedAmong: 1, basis: ['LINEAR', 'FEW_SHOT', 'DETECTION', 'DENSE'] });
  });

  it("ranks a task page's results per protocol, and says which protocol the paper's numbers are on", async () => {
    const q = `query($source: ResultSource) { task(slug: "detection-voc-frozen") { protocol { id } paperProtocol { id }
      ranking(source: $source) { referenceProtocol { id version } referenceReason entries { model { slug } source protocolId comparable rank rankedAmong } } } }`;
    const all = (await h.query(q)).data!.task;
    expect(all.protocol.id).not.toBe(all.paperProtocol.id);
    expect(all.ranking).toMatchObject({ referenceReason: 'PAPER', referenceProtocol: { id: all.paperProtocol.id } });
    expect(all.ranking.entries).toHaveLength(15);
    expect(
      all.ranking.entries
        .slice(0, 14)
        .every((e: any) => e.comparable && e.rankedAmong === 14 && e.source === 'REPORTED'),
    ).toBe(true);
    expect(all.ranking.entries[14]).toEqual({
      model: { slug: SLUG },
      source: 'MEASURED',
      protocolId: probe.detection.id,
      comparable: false,
      rank: 1,
      rankedAmong: 1,
    });
    const measured = (await h.query(q, { source: 'MEASURED' })).data!.task.ranking;
    expect(measured).toMatchObject({
      referenceReason: 'RUNNER',
      entries: [{ comparable: true, rank: 1, rankedAmong: 1 }],
    });
    const linear = (
      await h.query(`{ task(slug: "linear-cars") { ranking { entries { model { slug } comparable rankedAmong } } } }`)
    ).data!.task.ranking;
    expect(linear.entries.find((e: any) => e.model.slug === SLUG)).toEqual({
      model: { slug: SLUG },
      comparable: true,
      rankedAmong: 15,
    });
  });

  it("pools one protocol per correlation: the probe numbers never join the paper's points", async () => {
    const corr = async (args: string) => {
      const { data, errors } = await h.query(
        `{ correlation(suite: "ssl-transfer-v1", ${args}, method: PEARSON) { n pooledProtocols { id } points { model { slug } } } }`,
      );
      expect(errors, args).toBeUndefined();
      return data!.correlation as { n: number; pooledProtocols: Key[]; points: { model: { slug: string } }[] };
    };
    const has = (c: { points: { model: { slug: string } }[] }) => c.points.some((p) => p.model.slug === SLUG);
    for (const args of [
      'group: "detection-frozen"',
      'group: "surface-normals"',
      'category: DETECTION',
      'category: DENSE',
      'task: "detection-voc-frozen"',
      'task: "dense-nyuv2-normals", metric: "within_11_25"',
    ]) {
      const c = await corr(args);
      expect([c.n, has(c)], args).toEqual([14, false]);
    }
    // Where the runner reproduces the paper, the measured point joins.
    const linear = await corr('group: "linear"');
    expect([linear.n, has(linear)]).toEqual([15, true]);
    // Measured alone: a group pools the paper's protocol only (no point); a task its reference (the runner's).
    expect((await corr('group: "detection-frozen", source: MEASURED')).n).toBe(0);
    const task = await corr('task: "detection-voc-frozen", source: MEASURED');
    expect([task.n, task.pooledProtocols]).toEqual([1, [{ id: probe.detection.id }]]);
  });
});
