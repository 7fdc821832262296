/** The intake's size limits, and the export recipe its messages point to. */

export const LIMITS = {
  /** Protobuf's hard limit; bigger models need external data, which the runner refuses. */
  fileBytes: 2 ** 31 - 1,
  /** Tensors (weights, constants, sparse parts) over every graph and subgraph. */
  initializers: 100_000,
  initializerBytes: 2 ** 31 - 1,
  /** Nodes over every graph, subgraph and local function. */
  nodes: 1_000_000,
  dimValue: 2 ** 31 - 1,
};

export const REEXPORT =
  're-export with torch.onnx.export(model.eval(), torch.randn(1, 3, 224, 224), "model.onnx", input_names=["input"], ' +
  'dynamic_axes={"input": {0: "batch"}}, opset_version=17) (see docs/runner.md)';
