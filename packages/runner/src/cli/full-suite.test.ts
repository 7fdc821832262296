import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@transferboard/suite/registry';
import { spawnCli } from './spawn-cli';

// The whole of ssl-transfer-v1 as a user runs it: `fixtures`, then `evaluate` with the protocols'
// own parameters (600 episodes and all: extraction and the linear grids dominate, not episodes),
// through the real binary in child processes. About 3.5 minutes on the shared 2-core machine.

interface Result {
  task: string;
  status: string;
  metric: string;
  value: number | null;
  ci95: number | null;
  taskVersion: number;
  protocol: { id: string; version: number } | null;
  secondary: Record<string, number>;
  datasetFingerprint?: string | null;
}

let dir: string;
let run: Awaited<ReturnType<typeof spawnCli>>;
let report: {
  results: Result[];
  protocolOverrides: unknown;
  model: { sha256: string };
  runner: Record<string, unknown>;
  seeds: Record<string, number>;
  seconds: number;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-full-suite-'));
  const fixtures = await spawnCli('fixtures', '--out', join(dir, 'data'));
  expect(fixtures.stderr).toBe('');
  expect(fixtures.code).toBe(0);
  run = await spawnCli(
    'evaluate',
    '--model',
    join(dir, 'data', 'model.onnx'),
    '--data',
    join(dir, 'data'),
    '--suite',
    'ssl-transfer-v1',
    '--cache',
    join(dir, 'cache'),
    '--out',
    join(dir, 'results.json'),
    '--no-progress',
  );
  report = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
}, 600_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('evaluate --suite ssl-transfer-v1 on the fixtures', () => {
  it('runs all 25 tasks to a value, exit status 0, a table row each', () => {
    expect(run.code).toBe(0);
    expect(report.results).toHaveLength(25);
    expect(report.results.filter((r) => r.status !== 'ok').map((r) => `${r.task}: ${r.status}`)).toEqual([]);
    for (const r of report.results) {
      expect(Number.isFinite(r.value)).toBe(true);
      expect(run.stdout).toMatch(new RegExp(`^${r.task}\\s+ok\\s+\\d+\\.\\d\\d`, 'm'));
    }
    expect(run.stdout).toMatch(/25\/25 tasks evaluated/);
  });

  it("reports each task under the suite registry's metric, protocol id and version, in suite order", () => {
    const tasks = registry.suiteTasks('ssl-transfer-v1');
    expect(report.results.map((r) => r.task)).toEqual(tasks.map((t) => t.slug));
    for (const [i, task] of tasks.entries()) {
      const r = report.results[i]!;
      expect(r.metric).toBe(task.primaryMetric);
      expect(r.taskVersion).toBe(task.version);
      expect(r.protocol).toEqual({ id: task.protocol!.id, version: task.protocol!.version });
      for (const m of Object.keys(r.secondary)) expect(task.secondaryMetrics).toContain(m);
    }
    const byProtocol = (id: string) => report.results.filter((r) => r.protocol?.id === id).length;
    expect([
      byProtocol('linear-lbfgs'),
      byProtocol('fewshot-protonet'),
      byProtocol('detection-frozen-probe'),
      byProtocol('normals-frozen-probe'),
    ]).toEqual([11, 12, 1, 1]);
    const fewShot = report.results.filter((r) => r.protocol?.id === 'fewshot-protonet');
    for (const r of fewShot) expect(r.ci95).toBeGreaterThanOrEqual(0);
    expect(report.results.find((r) => r.task === 'dense-nyuv2-normals')!.secondary).toHaveProperty('within_30');
  });

  it('carries the provenance a measured result needs, with no protocol override', () => {
    expect(report.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.runner).toMatchObject({ version: '0.1.0', executionProvider: 'cpu', gpu: null, driver: null });
    expect(report.runner.onnxruntime).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.seeds).toEqual({ linearValidationSplit: 0, fewShotEpisodes: 0 });
    expect(report.protocolOverrides).toBeNull();
    // Every task, detection and dense ones included, says which copy of the data it read.
    for (const r of report.results) expect(r.datasetFingerprint, r.task).toMatch(/^[0-9a-f]{64}$/);
    expect(run.stderr).toMatch(/^execution provider: CPU \(--ep cpu\); batch 16; decoding on \d+ worker threads?$/m);
    expect(report.seconds).toBeGreaterThan(0);
  });
});
