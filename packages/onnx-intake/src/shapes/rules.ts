import { BROADCASTING, broadcasting, cast, MS_SAME_AS_INPUT, SAME_AS_INPUT, sameAsInput, where } from './elementwise';
import { gemm, matmul } from './linear-ops';
import type { ShapeRule } from './op-context';
import { conv, depthToSpace, globalPool, pad, pool, resize } from './spatial-ops';
import {
  argReduce,
  concat,
  constant,
  constantOfShape,
  expand,
  flatten,
  gather,
  gatherElements,
  layerNormalization,
  range,
  reduce,
  reshape,
  shapeOf,
  size,
  slice,
  split,
  squeeze,
  tile,
  topK,
  transpose,
  unsqueeze,
} from './tensor-ops';

/**
 * The operators the intake infers shapes for: what torchvision's ResNets, ConvNeXts and ViTs
 * (and most CNN and transformer backbones) export to. Anything else yields unknown outputs.
 */
const DEFAULT_DOMAIN: Record<string, ShapeRule> = {
  ...Object.fromEntries(SAME_AS_INPUT.map((op) => [op, sameAsInput])),
  ...Object.fromEntries(BROADCASTING.map((op) => [op, broadcasting])),
  Where: where,
  Cast: cast,
  CastLike: cast,
  Conv: conv,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  Pad: pad,
  Resize: resize,
  Upsample: resize,
  DepthToSpace: depthToSpace,
  SpaceToDepth: depthToSpace,
  Gemm: gemm,
  MatMul: matmul,
  Flatten: flatten,
  Reshape: reshape,
  Transpose: transpose,
  Concat: concat,
  Split: split,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Slice: slice,
  Gather: gather,
  GatherElements: gatherElements,
  Shape: shapeOf,
  Size: size,
  Constant: constant,
  ConstantOfShape: constantOfShape,
  Expand: expand,
  Range: range,
  Tile: tile,
  ReduceMean: reduce,
  ReduceSum: reduce,
  ReduceMax: reduce,
  ReduceMin: reduce,
  ReduceProd: reduce,
  ReduceL1: reduce,
  ReduceL2: reduce,
  ReduceLogSum: reduce,
  ReduceLogSumExp: reduce,
  ReduceSumSquare: reduce,
  ArgMax: argReduce,
  ArgMin: argReduce,
  LayerNormalization: layerNormalization,
  TopK: topK,
};

const MICROSOFT: Record<string, ShapeRule> = Object.fromEntries(MS_SAME_AS_INPUT.map((op) => [op, sameAsInput]));

export function ruleFor(domain: string, opType: string): ShapeRule | undefined {
  if (domain === '' || domain === 'ai.onnx')
    return Object.hasOwn(DEFAULT_DOMAIN, opType) ? DEFAULT_DOMAIN[opType] : undefined;
  if (domain === 'com.microsoft') return Object.hasOwn(MICROSOFT, opType) ? MICROSOFT[opType] : undefined;
  return undefined;
}
