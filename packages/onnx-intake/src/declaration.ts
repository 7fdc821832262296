import { SUBMISSION_LIMITS } from '@transferboard/suite/submission-limits';
import { formatCatalogShape, type CatalogShape, type TensorCatalog } from './tensor-catalog';
import { TOKEN_FIX, tokenGrid, type TokenHints } from './token-grid';

/**
 * Which tensors a model's features come from, as its submitter declares them: in the ONNX
 * metadata (`transferboard.features`, `transferboard.spatial_outputs`), in `submitModel`
 * (`featureTensor`, `spatialTensors`, which override the metadata), or with the runner's
 * `--feature-output` / `--spatial-outputs`. One check serves all of them, on the tensor
 * catalog: the intake runs it on the file, the API on a stored inspection.
 */

export const METADATA_KEYS = {
  normalization: 'transferboard.normalization',
  features: 'transferboard.features',
  spatialOutputs: 'transferboard.spatial_outputs',
  /** One of architecture.ts' ARCHITECTURE_FAMILIES, when the rule that infers it would be wrong. */
  architecture: 'transferboard.architecture',
} as const;

/** More spatial scales than any probe uses (the submit form checks the same number). */
export const MAX_SPATIAL_OUTPUTS = SUBMISSION_LIMITS.spatialTensors;

export interface Declaration {
  features?: string | null;
  spatialOutputs?: string[] | null;
}

export interface DeclarationProblem {
  field: 'features' | 'spatialOutputs';
  /** What is wrong and what to do, naming the tensor and where it was declared. */
  message: string;
}

/** How the messages name the place a declaration came from, e.g. "submitModel's featureTensor". */
export interface DeclarationSource {
  features: string;
  spatialOutputs: string;
}

export const METADATA_SOURCE: DeclarationSource = {
  features: `metadata '${METADATA_KEYS.features}'`,
  spatialOutputs: `metadata '${METADATA_KEYS.spatialOutputs}'`,
};

/** submitModel's input fields; the runner names them the same way when it applies them. */
export const SUBMISSION_SOURCE: DeclarationSource = {
  features: "submitModel's featureTensor",
  spatialOutputs: "submitModel's spatialTensors",
};

/** `transferboard.spatial_outputs`: a JSON array of names, or names separated by commas. */
export function parseSpatialList(value: string): string[] {
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed.map((x) => x.trim());
    } catch {
      // Not JSON after all: read it as a comma-separated list, whose check names the odd entries.
    }
  }
  return text.split(',').map((x) => x.trim());
}

/** Pooled features are one vector per image: [N, D], or [N, D, 1, 1] (flattened by the runner). */
export function featureShapeProblem(shape: CatalogShape | null): string | null {
  if (!shape) return null;
  if (shape[0] !== 'N')
    return `its shape ${formatCatalogShape(shape)} does not start with the batch dimension, so it is not one row per image`;
  const rest = shape.slice(1);
  if (rest.length === 1 || (rest.length === 3 && rest[1] === 1 && rest[2] === 1)) return null;
  return `its shape ${formatCatalogShape(shape)} is not a pooled feature vector [N,D] (or [N,D,1,1])`;
}

/** What the intake knows of a model with no token sequences (or before it looked). */
export const NO_TOKEN_HINTS: TokenHints = { patchSize: null, prefixTokens: null };
/** Catalog shapes are inferred for a 224×224 image (cost.ts, COST_IMAGE). */
const CATALOG_IMAGE_SIZE = 224;

/**
 * Spatial maps are [N, C, h, w] with some extent to probe (h, w ≥ 2), or token sequences
 * [N, T, C] whose patch tokens form a square grid once the class and register tokens are
 * dropped (token-grid.ts).
 */
export function spatialShapeProblem(shape: CatalogShape | null, tokens: TokenHints = NO_TOKEN_HINTS): string | null {
  if (!shape) return null;
  if (shape[0] !== 'N') return `its shape ${formatCatalogShape(shape)} does not start with the batch dimension`;
  if (shape.length === 3) {
    const t = shape[1];
    if (typeof t !== 'number') return null;
    const grid = tokenGrid(t, tokens, CATALOG_IMAGE_SIZE);
    if (typeof grid === 'string')
      return `its shape ${formatCatalogShape(shape)} is a token sequence [N,T,C] the runner cannot lay out as a map: ${grid} (${TOKEN_FIX})`;
    return null;
  }
  if (shape.length !== 4) return `its shape ${formatCatalogShape(shape)} is not a feature map [N,C,h,w]`;
  const [, , h, w] = shape;
  if ((typeof h === 'number' && h < 2) || (typeof w === 'number' && w < 2))
    return `its shape ${formatCatalogShape(shape)} has no spatial extent to probe (h and w must be at least 2)`;
  return null;
}

/**
 * The first problem with a declaration, or null. An unknown shape (an operator the intake's
 * shape inference does not cover) is accepted: the runner checks the tensor it gets.
 */
export function declarationProblem(
  catalog: TensorCatalog,
  declaration: Declaration,
  source: DeclarationSource,
  tokens: TokenHints = NO_TOKEN_HINTS,
): DeclarationProblem | null {
  const { features, spatialOutputs } = declaration;
  if (features !== undefined && features !== null) {
    const problem = tensorProblem(catalog, features, featureShapeProblem, 'pooled feature');
    if (problem)
      return {
        field: 'features',
        message: `${source.features} names '${features}', but ${problem}; ${featureFix(catalog)}`,
      };
  }
  if (spatialOutputs !== undefined && spatialOutputs !== null) {
    if (spatialOutputs.length > MAX_SPATIAL_OUTPUTS) {
      return {
        field: 'spatialOutputs',
        message: `${source.spatialOutputs} names ${spatialOutputs.length} tensors; name at most ${MAX_SPATIAL_OUTPUTS} maps, coarsest first`,
      };
    }
    const seen = new Set<string>();
    for (const name of spatialOutputs) {
      if (seen.has(name))
        return {
          field: 'spatialOutputs',
          message: `${source.spatialOutputs} names '${name}' twice; name each map once, coarsest first`,
        };
      seen.add(name);
      const problem = tensorProblem(catalog, name, (shape) => spatialShapeProblem(shape, tokens), 'spatial');
      if (problem)
        return {
          field: 'spatialOutputs',
          message: `${source.spatialOutputs} names '${name}', but ${problem}; ${spatialFix(catalog)}`,
        };
    }
  }
  return null;
}

function tensorProblem(
  catalog: TensorCatalog,
  name: string,
  shapeProblem: (s: CatalogShape | null) => string | null,
  what: string,
): string | null {
  if (name.trim() === '') return `an empty name is no ${what} tensor`;
  if (!Object.hasOwn(catalog, name)) return 'the graph computes no tensor of that name';
  return shapeProblem(catalog[name] ?? null);
}

function examples(catalog: TensorCatalog, usable: (s: CatalogShape | null) => string | null): string {
  const names = Object.entries(catalog)
    .filter(([, shape]) => shape && usable(shape) === null)
    .map(([name, shape]) => `'${name}' ${formatCatalogShape(shape)}`);
  return names.length ? `, for example ${names.slice(-3).join(', ')}` : '';
}

function featureFix(catalog: TensorCatalog): string {
  return `name the tensor the graph computes after global pooling (or the class token)${examples(catalog, featureShapeProblem)}; \`transferboard-runner inspect --model model.onnx --tensors\` lists every tensor with its shape`;
}

function spatialFix(catalog: TensorCatalog): string {
  return `name feature maps [N,C,h,w] (or ViT token sequences [N,T,C]) the graph computes, coarsest first${examples(catalog, spatialShapeProblem)}; \`transferboard-runner inspect --model model.onnx --tensors\` lists every tensor with its shape`;
}
