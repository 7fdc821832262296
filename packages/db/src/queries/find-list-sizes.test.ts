import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../client';
import { createTestDb, testDbKinds } from '../testing';
import { findListSizes } from './find-list-sizes';
import { listResults } from './list-results';

/** The live list sizes bound the API's query cost: each must be at least what a list can hold. */
describe.each(testDbKinds)('list sizes on %s', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it('count what the seeded lists hold, per model and per (task, metric)', async () => {
    const sizes = await findListSizes(handle.db);
    const results = await listResults(handle.db, {});
    const most = (key: (r: (typeof results)[number]) => string) => {
      const counts = new Map<string, number>();
      for (const r of results) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
      return Math.max(...counts.values());
    };
    expect(sizes.results).toBe(results.length);
    expect(sizes.boardRows).toBe(new Set(results.map((r) => `${r.modelId}|${r.source}`)).size);
    expect(sizes.resultsPerModel).toBe(most((r) => r.modelId));
    expect(sizes.resultsPerTaskMetric).toBe(most((r) => `${r.taskSlug}|${r.metric}`));
    // The paper's 14 models each reported every (task, metric) pair at most once.
    expect(sizes.resultsPerTaskMetric).toBe(14);
  });
});
