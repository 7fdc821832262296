import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../client';
import { createTestDb, testDbKinds } from '../testing';
import { recallArtifactRefusal } from './recall-artifact-refusal';
import { recordArtifactRefusal } from './record-artifact-refusal';

describe.each(testDbKinds)('artifact refusals on %s', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => handle?.close());

  it('answers the same bytes from the record, counting each answer, for the intake version that refused them', async () => {
    const sha256 = 'a'.repeat(64);
    expect(await recallArtifactRefusal(handle.db, sha256, 1)).toBeNull();
    await recordArtifactRefusal(handle.db, {
      sha256,
      reason: 'CYCLIC_GRAPH',
      message: 'upload: has a cycle',
      intakeVersion: 1,
    });
    expect(await recallArtifactRefusal(handle.db, sha256, 1)).toMatchObject({
      reason: 'CYCLIC_GRAPH',
      message: 'upload: has a cycle',
      hits: 1,
    });
    expect(await recallArtifactRefusal(handle.db, sha256, 1)).toMatchObject({ hits: 2 });
    // A newer intake judges again; its verdict replaces the old one.
    expect(await recallArtifactRefusal(handle.db, sha256, 2)).toBeNull();
    await recordArtifactRefusal(handle.db, {
      sha256,
      reason: 'EXTERNAL_DATA',
      message: 'upload: external',
      intakeVersion: 2,
    });
    expect(await recallArtifactRefusal(handle.db, sha256, 2)).toMatchObject({
      reason: 'EXTERNAL_DATA',
      intakeVersion: 2,
    });
    expect(await recallArtifactRefusal(handle.db, sha256, 1)).toBeNull();
  });
});
