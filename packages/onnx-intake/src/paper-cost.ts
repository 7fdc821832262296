import { loadPaperModels, type PaperModel } from '@transferboard/suite/models';
import { inferArchitecture, type Architecture } from './architecture';
import { modelCost, type ModelCost } from './cost';
import { indexGraph } from './graph-index';
import { graphOf } from './proto';
import { collectScopes } from './graphs';
import { resnet50Architecture } from './resnet50';
import { checkTopology } from './topology';

/**
 * The cost of the paper's models, computed exactly as for an upload (cost.ts) on the
 * architecture they share, so a submitted model and a paper model are compared on one
 * definition. A submitted torchvision ResNet-50 export gets the same figures.
 */

const ARCHITECTURES: Record<PaperModel['architecture'], () => ModelCost> = {
  resnet50: once(() => architectureCost(resnet50Architecture())),
};

/** The cost of one of the 14 paper models (by slug: `moco-v2`, `supervised`, …); null for any other slug. */
export function paperModelCost(slug: string): ModelCost | null {
  const model = paperModels().find((m) => m.slug === slug);
  return model ? ARCHITECTURES[model.architecture]() : null;
}

const FAMILIES: Record<PaperModel['architecture'], () => Architecture> = {
  resnet50: once(() => {
    const graph = graphOf(resnet50Architecture());
    return inferArchitecture(graph, indexGraph(graph), 'input', null);
  }),
};

/** The architecture family of one of the paper's models, inferred by the same rule as an upload's; null for any other slug. */
export function paperModelArchitecture(slug: string): Architecture | null {
  const model = paperModels().find((m) => m.slug === slug);
  return model ? FAMILIES[model.architecture]() : null;
}

export function architectureCost(model: ReturnType<typeof resnet50Architecture>): ModelCost {
  const scopes = collectScopes(model, 'architecture');
  return modelCost(model, scopes, checkTopology(scopes, 'architecture'), 'input');
}

const paperModels = once(loadPaperModels);

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}
