import { randomBytes } from 'node:crypto';
import { artifacts } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';

const MODELS = `query($n: Int, $suite: String) { models(first: $n) { edges { node { slug
  all: results { metric task { slug category } model { slug } }
  inSuite: results(suite: $suite, source: REPORTED) { value task { slug } }
  oneTask: results(task: "linear-cars") { value }
} } } }`;

const SUBMISSIONS = `query($n: Int) { submissions(first: $n) { edges { node {
  id status queuePosition failureReason model { slug } suite { slug tasks { slug } } artifact { sha256 }
  events { status reason } progress { task { slug } status }
  job { status runner lastError tasks { slug } model { slug } artifact { id } suite { slug }
    submission { id model { slug } } }
} } } }`;

/**
 * Every parent→child field reads through a per-request DataLoader: the number of SQL statements a
 * query sends does not grow with the number of parents.
 */
describe.each(testDbKinds)('batched parent→child fields on %s', (kind) => {
  let h: Harness;
  let admin = '';

  async function statementsOf(query: string, variables: Record<string, unknown>): Promise<number> {
    const before = h.statements();
    const { errors } = await h.query(query, variables);
    expect(errors).toBeUndefined();
    return h.statements() - before;
  }

  async function submit(name: string): Promise<void> {
    const sha256 = randomBytes(32).toString('hex');
    const [a] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256 })
      .returning({ id: artifacts.id });
    const res = await h.gql(
      'mutation($i: SubmitModelInput!) { submitModel(input: $i) { id } }',
      { i: { artifactId: a!.id, name } },
      admin,
    );
    expect(res.json.errors).toBeUndefined();
  }

  beforeAll(async () => {
    h = await startHarness(kind, { responseCache: false });
    admin = (await createToken(h.db.db, { role: 'admin', name: 'loader-admin' })).token;
  });
  afterAll(async () => h?.close());

  it('reads the results of 1 or 8 models, under three filters, in the same number of statements', async () => {
    const one = await statementsOf(MODELS, { n: 1, suite: 'ssl-transfer-v1' });
    const eight = await statementsOf(MODELS, { n: 8, suite: 'ssl-transfer-v1' });
    expect(eight).toBe(one);
    // the page and its count (2), the suite and its tasks (2), every task (1), one per filter (3),
    // the results' models (1)
    expect(eight).toBeLessThanOrEqual(9);
    // A statement reads at most 8 models' results: 14 models take a second one per filter.
    expect(await statementsOf(MODELS, { n: 14, suite: 'ssl-transfer-v1' })).toBe(one + 3);
  });

  it('reads the tasks of every suite in one statement', async () => {
    const before = h.statements();
    const { data } = await h.query('{ suites { slug tasks { slug } } }');
    expect(data!.suites.length).toBeGreaterThanOrEqual(2);
    expect(h.statements() - before).toBe(2);
  });

  it('reads 1 or 4 submissions with every nested field in the same number of statements', async () => {
    await submit('Batch One');
    const one = await statementsOf(SUBMISSIONS, { n: 20 });
    for (const name of ['Batch Two', 'Batch Three', 'Batch Four']) await submit(name);
    const { data } = await h.query(SUBMISSIONS, { n: 20 });
    expect(data!.submissions.edges).toHaveLength(4);
    expect(data!.submissions.edges.map((e: any) => e.node.queuePosition).sort()).toEqual([1, 2, 3, 4]);
    expect(data!.submissions.edges[0].node.progress).toHaveLength(25);
    const four = await statementsOf(SUBMISSIONS, { n: 20 });
    expect(four).toBe(one);
  });

  it("ranks a suite's tasks with a statement per 16 tasks, not one per task", async () => {
    const RANKINGS =
      'query($suite: String) { tasks(suite: $suite) { slug ranking { entries { rank model { slug } } } } }';
    const one = await statementsOf('{ task(slug: "linear-cars") { ranking { entries { rank model { slug } } } } }', {});
    // every task (1), their results (1), the entries' models (1)
    expect(one).toBe(3);
    const v1 = await statementsOf(RANKINGS, { suite: 'ssl-transfer-v1' });
    const cvpr = await statementsOf(RANKINGS, { suite: 'ssl-transfer-cvpr' });
    // the suite and its tasks (2), the list (1), results per 16 tasks (25 tasks: 2; 40: 3), the models (1)
    expect(v1).toBe(6);
    expect(cvpr).toBe(v1 + 1);
    const { data } = await h.query(RANKINGS, { suite: 'ssl-transfer-v1' });
    const cars = data!.tasks.find((t: any) => t.slug === 'linear-cars');
    expect(cars.ranking.entries.length).toBeGreaterThanOrEqual(14);
    expect(cars.ranking.entries[0].rank).toBe(1);
  });

  it('answers aliased root lookups of many models with one statement', async () => {
    const slugs = ['byol', 'swav', 'moco-v2', 'simclr-v1', 'insdis'];
    const query = `{ ${slugs.map((s, i) => `m${i}: model(slug: "${s}") { slug }`).join(' ')} }`;
    const before = h.statements();
    const { data } = await h.query(query);
    expect(Object.values(data!).map((m: any) => m.slug)).toEqual(slugs);
    expect(h.statements() - before).toBe(1);
  });
});
