import type { Normalization } from '@transferboard/suite/types';
import { readDataset } from '../datasets/registry';
import type { ClassificationDataset } from '../datasets/types';
import type { ExtractionPlan } from '../gpu/device-plan';
import { silentProgress } from '../progress/progress';
import type { ProtocolContext } from '../protocols/types';
import type { EvaluateOptions } from './evaluate';
import { SplitFeatureStore, type ExtractDefaults } from './split-features';

/**
 * What every protocol runner gets from one evaluation: the model, the data, one feature store
 * (each split extracted once per preprocessing) and each dataset read once, whichever tasks
 * share it.
 */
export function protocolContext(
  opts: EvaluateOptions,
  plan: ExtractionPlan,
  normalization: Normalization,
  spatialOutputs: string[],
  log: (m: string) => void,
): ProtocolContext {
  const store = new SplitFeatureStore(extractDefaults(opts, plan, normalization, log), opts.precision ?? 'fp32');
  const datasets = new Map<string, Promise<ClassificationDataset>>();
  return {
    modelPath: opts.modelPath,
    dataRoot: opts.dataRoot,
    cacheDir: opts.cacheDir,
    store,
    dataset: (slug) => {
      let ds = datasets.get(slug);
      if (!ds) {
        ds = readDataset(slug, opts.dataRoot);
        datasets.set(slug, ds);
      }
      return ds;
    },
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.fewShot ? { fewShot: opts.fewShot } : {}),
    plan,
    provider: opts.provider ?? 'cpu',
    normalization,
    spatialOutputs,
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    progress: opts.progress ?? silentProgress,
    log,
  };
}

function extractDefaults(
  opts: EvaluateOptions,
  plan: ExtractionPlan,
  normalization: Normalization,
  log: (m: string) => void,
): ExtractDefaults {
  return {
    modelPath: opts.modelPath,
    cacheDir: opts.cacheDir,
    normalization,
    plan,
    log,
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    ...(opts.featureOutput ? { featureOutput: opts.featureOutput } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    ...(opts.decodeWorkers !== undefined ? { decodeWorkers: opts.decodeWorkers } : {}),
    skipCorrupt: opts.skipCorrupt ?? false,
    progress: opts.progress ?? silentProgress,
  };
}
