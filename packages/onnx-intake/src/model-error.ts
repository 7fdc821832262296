/**
 * Why a model was refused, as a stable code clients can branch on (the API sends it as
 * `reason` beside `code: "INVALID_MODEL"`); the message says the same in words.
 */
export type ModelErrorCode =
  /** Not a ModelProto at all, or one without a graph. */
  | 'NOT_ONNX'
  /** Over a size limit (file, weights, nodes, dimensions). */
  | 'TOO_LARGE'
  /** A tensor anywhere (weights, Constant attributes, sparse tensors, subgraphs) points at another file. */
  | 'EXTERNAL_DATA'
  /** Bytes that contradict the declared shapes, names defined twice, and similar damage. */
  | 'DAMAGED'
  /** An operator domain onnxruntime cannot run without a custom library. */
  | 'CUSTOM_OPERATOR'
  /** Nodes that depend on each other in a loop: no order to run them in. */
  | 'CYCLIC_GRAPH'
  /** A node reads a tensor that nothing defines. */
  | 'UNDEFINED_TENSOR'
  /** Messages or subgraphs nested deeper than any exporter writes. */
  | 'NESTING_TOO_DEEP'
  /** The image input is missing or not a float32 NCHW RGB batch. */
  | 'BAD_INPUT'
  /** No pooled feature tensor can be found. */
  | 'NOT_A_BACKBONE'
  /** A declared feature or spatial tensor is missing or has an unusable shape. */
  | 'BAD_DECLARATION'
  /** Anything else the runner cannot use (a file that cannot be read, a tensor with the wrong runtime shape). */
  | 'UNUSABLE_MODEL';

/** A model the runner cannot use; the message names the file, what is wrong and what to do. */
export class ModelError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly fix: string,
    readonly code: ModelErrorCode = 'UNUSABLE_MODEL',
  ) {
    super(`${file}: ${problem}; ${fix}`);
    this.name = 'ModelError';
  }
}
