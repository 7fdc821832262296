import { cpus, platform, release } from 'node:os';
import type { FeatureSource, ModelInfo, SpatialSource } from '@transferboard/onnx-intake/inspect';
import type { Normalization } from '@transferboard/suite/types';
import type { TaskThroughput } from '../features/throughput';
import type { ExtractionPlan } from '../gpu/device-plan';
import { onnxruntimeVersion } from '../onnx/runtime';
import type { TaskResult } from '../protocols/types';
import type { PrecisionState } from './split-features';

/** `used`: what the pooled features were computed in (fp16 falls back to fp32 when the gate rejects it); `gate`: the check against an fp32 sample. */
export type PrecisionRecord = PrecisionState;

/** What `evaluate` returns: every result with the provenance it needs to be trusted and re-run. */
export interface EvaluationReport {
  suite: { slug: string; version: number };
  /** The tensors every result was computed from, and why those (docs/runner.md, "Which features"). */
  model: {
    file: string;
    sha256: string;
    sizeBytes: number;
    featureOutput: string;
    featureSource: FeatureSource;
    spatialOutputs: string[];
    spatialSource: SpatialSource;
    /** For a ViT whose spatial outputs are token sequences: their grid at 224×224 (token-grid.ts). */
    tokenGrid: ModelInfo['tokenGrid'];
    normalization: string;
    producer: string;
    opset: number;
  };
  runner: {
    version: string;
    onnxruntime: string;
    node: string;
    executionProvider: string;
    /** Why that provider (the line printed at the start). */
    executionProviderReason: string;
    gpu: string | null;
    driver: string | null;
    gpuMemoryMiB: number | null;
    /** Images per forward pass and decoding as planned for the device (a fixed-batch model keeps its own). */
    batchSize: number;
    decode: { kind: 'threads' | 'processes'; count: number };
    precision: PrecisionRecord;
    platform: string;
    cpu: string;
    cores: number;
  };
  seeds: { linearValidationSplit: number; fewShotEpisodes: number };
  protocolOverrides: Record<string, unknown> | null;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  results: TaskResult[];
  /**
   * Per task, what extracting its pooled features cost (task-throughput.ts): present only for
   * tasks that ran images through the model in this evaluation (not for cached features, nor yet
   * for the dense tasks' spatial maps).
   */
  throughput: { task: string; measurement: TaskThroughput }[];
}

export function modelRecord(info: ModelInfo, normalization: Normalization): EvaluationReport['model'] {
  return {
    file: info.file,
    sha256: info.sha256,
    sizeBytes: info.sizeBytes,
    featureOutput: info.featureOutput,
    featureSource: info.featureSource,
    spatialOutputs: info.spatialOutputs,
    spatialSource: info.spatialSource,
    tokenGrid: info.tokenGrid,
    normalization,
    producer: info.producer,
    opset: info.opset,
  };
}

export function runnerRecord(
  version: string,
  plan: ExtractionPlan,
  precision: PrecisionRecord,
): EvaluationReport['runner'] {
  return {
    version,
    onnxruntime: onnxruntimeVersion(),
    node: process.version,
    executionProvider: plan.provider,
    executionProviderReason: plan.reason,
    gpu: plan.provenance.gpu,
    driver: plan.provenance.driver,
    gpuMemoryMiB: plan.provenance.gpuMemoryMiB,
    batchSize: plan.batchSize,
    decode: plan.decode,
    precision,
    platform: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
  };
}
