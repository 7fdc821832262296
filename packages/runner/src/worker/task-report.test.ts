import { describe, expect, it } from 'vitest';
import type { TaskResult } from '../evaluate/evaluate';
import { heartbeatInterval } from './heartbeat';
import type { EvaluationReport } from '../evaluate/evaluate';
import { reportedProtocol, runnerCommit, taskMeasurement, taskMetrics } from './task-report';

const result = (over: Partial<TaskResult>): TaskResult => ({
  task: 'fewshot-eurosat-5shot',
  taskVersion: 1,
  category: 'few_shot',
  dataset: 'eurosat',
  status: 'ok',
  protocol: { id: 'fewshot-protonet', version: 1 },
  overrides: null,
  metric: 'accuracy',
  value: 81.5,
  ci95: 0.75,
  secondary: {},
  message: null,
  sizes: {},
  seconds: { features: 0, probe: 0 },
  details: null,
  ...over,
});

describe('what the worker reports for a task', () => {
  it('turns the 95% half-width into an interval around the primary metric, and keeps the finite secondaries the task declares', () => {
    expect(taskMetrics(result({}))).toEqual([{ metric: 'accuracy', value: 81.5, ciLow: 80.75, ciHigh: 82.25 }]);
    // The normal-approximation interval is clipped to the metric's range near 100%.
    expect(taskMetrics(result({ value: 99.9, ci95: 0.25 }))).toEqual([
      { metric: 'accuracy', value: 99.9, ciLow: 99.65, ciHigh: 100 },
    ]);
    const linear = result({
      task: 'linear-dtd',
      metric: 'top1',
      value: 70,
      ci95: null,
      secondary: { ece: 0.05, ece_temp_scaled: 0.02, undeclared: 1, broken: Number.NaN },
    });
    expect(taskMetrics(linear)).toEqual([
      { metric: 'top1', value: 70, ciLow: null, ciHigh: null },
      { metric: 'ece', value: 0.05, ciLow: null, ciHigh: null },
      { metric: 'ece_temp_scaled', value: 0.02, ciLow: null, ciHigh: null },
    ]);
  });

  it('sends a value within rounding of its bound as the bound, and one really out of range as it is (for the API to refuse)', () => {
    const voc = result({ task: 'linear-voc2007', metric: 'map11', value: 100.00000000000003, ci95: null });
    expect(taskMetrics(voc)[0]).toEqual({ metric: 'map11', value: 100, ciLow: null, ciHigh: null });
    expect(taskMetrics(result({ value: 100.5, ci95: null }))[0]!.value).toBe(100.5);
  });

  it('names the protocol the number was measured under, and none for a run with overridden settings', () => {
    expect(reportedProtocol(result({}))).toEqual({ protocol: { id: 'fewshot-protonet', version: 1 } });
    const smoke = reportedProtocol(result({ overrides: { episodes: 20 } }));
    expect(smoke.protocol).toBeNull();
    expect(smoke).toMatchObject({
      reason: expect.stringMatching(/overrides \{"episodes":20\}: not fewshot-protonet v1's number/),
    });
    expect(reportedProtocol(result({ protocol: null })).protocol).toBeNull();
  });

  it('reports the typed provenance: versions, provider, precision, dataset fingerprint, feature tensor', () => {
    const report = {
      runner: {
        version: '0.4.0',
        onnxruntime: '1.22.0',
        executionProvider: 'cuda',
        precision: { requested: 'fp16', used: 'fp32', gate: null },
      },
      model: { featureOutput: 'pooled' },
    } as unknown as EvaluationReport;
    expect(taskMeasurement(report, result({ datasetFingerprint: 'a'.repeat(64) }))).toEqual({
      taskVersion: 1,
      runnerVersion: '0.4.0',
      runnerCommit: runnerCommit(),
      onnxruntimeVersion: '1.22.0',
      executionProvider: 'cuda',
      precision: 'fp32',
      datasetFingerprint: 'a'.repeat(64),
      featureTensor: 'pooled',
    });
    // This checkout is a git worktree: the commit is its HEAD.
    expect(runnerCommit()).toMatch(/^[0-9a-f]{40}$/);
  });

  it('reports nothing for a task without a value', () => {
    expect(taskMetrics(result({ status: 'missing-data', value: null }))).toEqual([]);
  });

  it('heartbeats three times per lease, between 1 s and 60 s apart', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(heartbeatInterval({ leaseExpiresAt: '2026-01-01T00:00:30Z' }, now)).toBe(10_000);
    expect(heartbeatInterval({ leaseExpiresAt: '2026-01-01T00:00:01Z' }, now)).toBe(1_000);
    expect(heartbeatInterval({ leaseExpiresAt: '2026-01-01T01:00:00Z' }, now)).toBe(60_000);
    expect(heartbeatInterval({ leaseExpiresAt: null }, now)).toBe(20_000);
  });
});
