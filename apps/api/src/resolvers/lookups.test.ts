import { models } from '@transferboard/db/schema';
import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test/harness';

/** An unknown model slug's suggestion at scale: looked for among a bounded set of slugs, still helpful. */
describe.each(testDbKinds)('model slug suggestions among many models (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
    // 1,500 submitted models sharing a prefix, more than the candidates one lookup reads, and one more.
    const many = Array.from({ length: 1_500 }, (_, i) => `ze-${String(i).padStart(4, '0')}`);
    await h.db.db
      .insert(models)
      .values([...many, 'zebra-net'].map((slug) => ({ slug, name: slug, source: 'submission' as const })));
  }, 120_000);
  afterAll(async () => h?.close());

  const messageFor = async (slug: string) =>
    (await h.query(`query($s: String!) { model(slug: $s) { slug } }`, { s: slug })).errors?.[0]?.message;

  it('suggests a submitted model near the slug in sort order, and the paper models always', async () => {
    expect(await messageFor('zebra-nte')).toBe('Unknown model "zebra-nte". Did you mean "zebra-net"?');
    expect(await messageFor('ze-1400x')).toBe('Unknown model "ze-1400x". Did you mean "ze-1400"?');
    expect(await messageFor('mocov2')).toBe('Unknown model "mocov2". Did you mean "moco-v2"?');
  });

  it('compares with a bounded set: a typo in the first letter of a submitted slug, far from it in order, is not found', async () => {
    // 1,500 "ze-…" slugs lie between "ebra-net" and "zebra-net": more than the 500 neighbours read.
    expect(await messageFor('ebra-net')).not.toContain('zebra-net');
  });
});
