import { randomBytes } from 'node:crypto';
import { artifacts } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';

const SUBMIT = `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id model { slug } } }`;
const LIST = `query($model: String, $first: Int, $after: String) {
  submissions(model: $model, first: $first, after: $after) { totalCount edges { cursor node { id model { slug } } } pageInfo { hasNextPage endCursor } } }`;

describe.each(testDbKinds)('submissions(model:) on %s', (kind) => {
  let h: Harness;
  let token = '';
  const submit = async (name: string) => {
    const sha256 = randomBytes(32).toString('hex');
    const [a] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: 1, storageKey: sha256 })
      .returning({ id: artifacts.id });
    return (await h.gql(SUBMIT, { input: { artifactId: a!.id, name } }, token)).json.data.submitModel as {
      id: string;
      model: { slug: string };
    };
  };

  beforeAll(async () => {
    h = await startHarness(kind);
    token = (await createToken(h.db.db, { role: 'submitter', name: 'lister' })).token;
  });
  afterAll(async () => h?.close());

  it('lists only the model’s own submissions, paginated, and none for a paper model or an unknown slug', async () => {
    const mine = await submit('Filter Me');
    await submit('Someone Else');
    const page = (await h.gql(LIST, { model: mine.model.slug, first: 5 })).json.data.submissions;
    expect(page.totalCount).toBe(1);
    expect(page.edges.map((e: any) => e.node)).toEqual([{ id: mine.id, model: { slug: mine.model.slug } }]);
    const all = (await h.gql(LIST, { first: 1 })).json.data.submissions;
    expect(all.totalCount).toBe(2);
    expect(all.pageInfo.hasNextPage).toBe(true);
    const rest = (await h.gql(LIST, { first: 1, after: all.pageInfo.endCursor })).json.data.submissions;
    expect(rest.edges).toHaveLength(1);
    expect(rest.edges[0].node.id).not.toBe(all.edges[0].node.id);
    for (const model of ['moco-v1', 'no-such-model']) {
      expect((await h.gql(LIST, { model })).json.data.submissions).toMatchObject({ totalCount: 0, edges: [] });
    }
  });
});
