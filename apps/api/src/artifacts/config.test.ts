import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { loadArtifactConfig } from './config';

describe('upload and shutdown configuration', () => {
  it('has the documented defaults', () => {
    const c = loadArtifactConfig({ TB_DATA_DIR: '/data' });
    expect(c).toMatchObject({
      uploadsPerToken: 2,
      quotaBytes: 20 * 1024 ** 3,
      minFreeBytes: 1024 ** 3,
      gcAfterMs: 168 * 3_600_000,
      gcIntervalMs: 3_600_000,
    });
    expect(c.store).toEqual({ kind: 'fs', dir: '/data/artifacts' });
    expect(loadConfig({}).shutdownGraceMs).toBe(7000);
  });

  it('takes overrides and names every bad value', () => {
    const c = loadArtifactConfig({
      ARTIFACT_UPLOADS_PER_TOKEN: '5',
      ARTIFACT_QUOTA_BYTES: '1000',
      ARTIFACT_MIN_FREE_BYTES: '0',
      ARTIFACT_GC_AFTER_HOURS: '1',
    });
    expect(c).toMatchObject({ uploadsPerToken: 5, quotaBytes: 1000, minFreeBytes: 0, gcAfterMs: 3_600_000 });
    const bad = () =>
      loadArtifactConfig({
        ARTIFACT_UPLOADS_PER_TOKEN: '0',
        ARTIFACT_QUOTA_BYTES: 'lots',
        ARTIFACT_GC_INTERVAL_MS: '5',
      });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (e) {
      expect((e as ConfigError).problems).toEqual([
        'ARTIFACT_UPLOADS_PER_TOKEN="0" must be a whole number from 1 to 1000',
        expect.stringMatching(/^ARTIFACT_QUOTA_BYTES="lots" must be a whole number from 1 to/),
        'ARTIFACT_GC_INTERVAL_MS="5" must be a whole number from 100 to 604800000',
      ]);
    }
    expect(() => loadConfig({ API_SHUTDOWN_GRACE_MS: '-1' })).toThrow(
      /API_SHUTDOWN_GRACE_MS="-1" must be a whole number from 0 to 60000/,
    );
  });
});
