import type { ModelThroughput } from '@transferboard/db/queries/list-model-throughput';
import type { Architecture, ArchitectureFamily as IntakeFamily } from '@transferboard/onnx-intake/architecture';
import { COST_DEFINITION, COST_IMAGE, type ModelCost as IntakeCost } from '@transferboard/onnx-intake/cost';
import { paperModelArchitecture, paperModelCost } from '@transferboard/onnx-intake/paper-cost';
import type { ApiContext } from '../context';
import type { ArchitectureFamily, ModelAnatomy, ModelCost, Precision } from '../generated/resolvers-types';
import type { ModelParent } from '../mappers';
import { visibleText } from '../privacy/visibility';

/**
 * Model.cost, Model.costs and Model.anatomy. The static half (parameters, GFLOPs, what the network
 * is) is the intake's record of the submitted file, or, for the paper's models, computed here by
 * the same code on the ResNet-50 they share (paperModelCost: built once per process, ≈ 0.3 s, so
 * nothing is seeded that could drift from the definition). The measured half is the runner's
 * throughput reports (throughput_measurements), grouped per device, precision and batch size.
 */

type StaticCost = Pick<ModelCost, 'parameters' | 'gflopsPerImage' | 'gflopsUnknown' | 'definition'>;

const FAMILIES: Record<IntakeFamily, ArchitectureFamily> = {
  'vision-transformer': 'VISION_TRANSFORMER',
  'convnext-like': 'CONVNEXT_LIKE',
  convolutional: 'CONVOLUTIONAL',
  other: 'OTHER',
};

/** The paper's checkpoints are torchvision ResNet-50s: their features are the 2,048-d pooled output. */
const PAPER_FEATURE_DIMENSION = 2048;

async function inspectionOf(ctx: ApiContext, model: ModelParent): Promise<Record<string, unknown> | null> {
  return model.source === 'submission' ? ctx.loaders.inspectionByModel.load(model.id) : null;
}

async function staticCost(ctx: ApiContext, model: ModelParent): Promise<StaticCost> {
  const cost =
    model.source === 'paper'
      ? paperModelCost(model.slug)
      : (((await inspectionOf(ctx, model))?.cost as IntakeCost | undefined) ?? null);
  if (!cost)
    return {
      parameters: null,
      gflopsPerImage: null,
      gflopsUnknown: 'no cost was recorded for this model',
      definition: COST_DEFINITION,
    };
  return {
    parameters: cost.parameters,
    gflopsPerImage: cost.gflopsPerImage,
    gflopsUnknown: cost.gflopsUnknown,
    definition: cost.definition,
  };
}

function measured(m: ModelThroughput | undefined): Omit<ModelCost, keyof StaticCost> {
  return {
    imagesPerSecond: m?.imagesPerSecond ?? null,
    peakMemoryMiB: m?.peakRssMiB ?? null,
    peakGpuMemoryMiB: m?.peakGpuMiB ?? null,
    device: m?.device ?? null,
    provider: m?.provider ?? null,
    precision: m ? (m.precision.toUpperCase() as Precision) : null,
    batchSize: m?.batchSize ?? null,
    imagesMeasured: m?.images ?? null,
    tasksMeasured: m?.tasks ?? null,
    measuredAt: m?.measuredAt.toISOString() ?? null,
  };
}

/** A runner wrote the device string: anonymous readers get it as runner text is shown to them (paths and host names redacted). */
async function visibleMeasurement(
  ctx: ApiContext,
  m: ModelThroughput | undefined,
): Promise<Omit<ModelCost, keyof StaticCost>> {
  const fields = measured(m);
  return { ...fields, device: await visibleText(ctx, fields.device ?? null) };
}

/** The figures the leaderboard sorts its cost columns by: Model.cost's, for the newest measurement. */
export interface CostFigures {
  parameters: number | null;
  gflopsPerImage: number | null;
  imagesPerSecond: number | null;
}

/** A model's cost figures as `Model.cost` (no device, no precision) shows them, read through the request's loaders. */
export async function costFigures(ctx: ApiContext, model: ModelParent): Promise<CostFigures> {
  const [fixed, all] = await Promise.all([staticCost(ctx, model), ctx.loaders.throughputByModel.load(model.id)]);
  return {
    parameters: fixed.parameters ?? null,
    gflopsPerImage: fixed.gflopsPerImage ?? null,
    imagesPerSecond: all[0]?.imagesPerSecond ?? null,
  };
}

export async function resolveModelCost(
  ctx: ApiContext,
  model: ModelParent,
  device?: string | null,
  precision?: Precision | null,
): Promise<ModelCost> {
  const [fixed, all] = await Promise.all([staticCost(ctx, model), ctx.loaders.throughputByModel.load(model.id)]);
  const match = all.find(
    (m) => (!device || m.device === device) && (!precision || m.precision === precision.toLowerCase()),
  );
  return { ...fixed, ...(await visibleMeasurement(ctx, match)) };
}

export async function resolveModelCosts(ctx: ApiContext, model: ModelParent): Promise<ModelCost[]> {
  const [fixed, all] = await Promise.all([staticCost(ctx, model), ctx.loaders.throughputByModel.load(model.id)]);
  return Promise.all(all.map(async (m) => ({ ...fixed, ...(await visibleMeasurement(ctx, m)) })));
}

interface StoredInspection {
  input?: { shape?: (number | string | null)[] };
  featureOutput?: string;
  featureSource?: string;
  featureReason?: string;
  featureShape?: (number | string)[] | null;
  spatialOutputs?: string[];
  spatialSource?: string;
  architecture?: Architecture;
}

export async function resolveModelAnatomy(ctx: ApiContext, model: ModelParent): Promise<ModelAnatomy> {
  if (model.source === 'paper') {
    const arch = paperModelArchitecture(model.slug);
    return {
      family: arch ? FAMILIES[arch.family] : null,
      familySource: arch ? 'paper' : null,
      familyReason: arch ? `the paper's models are torchvision ResNet-50s: ${arch.why}` : null,
      patchSize: null,
      inputShape: '[N,3,224,224]',
      inputSize: COST_IMAGE.height,
      featureTensor: null,
      featureSource: 'paper',
      featureReason: "the ResNet-50's global-average-pooled output (before its classifier), as the paper evaluated it",
      featureDimension: PAPER_FEATURE_DIMENSION,
      spatialTensors: [],
      spatialSource: null,
    };
  }
  const info = ((await inspectionOf(ctx, model)) ?? {}) as StoredInspection;
  const arch = info.architecture;
  const shape = info.input?.shape;
  const featureShape = info.featureShape;
  const dimension = featureShape && typeof featureShape[1] === 'number' ? featureShape[1] : null;
  // submitModel's declarations override the file's (they were checked against it at submission).
  const declaredFeature = model.featureTensor;
  const declaredSpatial = model.spatialTensors;
  return {
    family: arch ? FAMILIES[arch.family] : null,
    familySource: arch?.source ?? null,
    familyReason:
      arch?.why ?? (info.featureOutput ? 'inspected before the intake recorded architecture families' : null),
    patchSize: arch?.patchSize ?? null,
    inputShape: shape ? `[${shape.map((d) => d ?? '?').join(',')}]` : null,
    inputSize: COST_IMAGE.height,
    featureTensor: declaredFeature ?? info.featureOutput ?? null,
    featureSource: declaredFeature ? 'declared' : (info.featureSource ?? null),
    featureReason: declaredFeature
      ? "declared with the submission (submitModel's featureTensor)"
      : (info.featureReason ?? null),
    featureDimension: declaredFeature ? null : dimension,
    spatialTensors: declaredSpatial ?? info.spatialOutputs ?? [],
    spatialSource: declaredSpatial ? 'declared' : (info.spatialSource ?? null),
  };
}
