import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { hostileModels } from '@transferboard/onnx-intake/hostile-models';
import { onnx } from '@transferboard/onnx-intake/proto';

/**
 * Uploads built to hurt: each must get a clear 4xx and leave the API serving. Those the intake
 * refuses carry its reason code (`reason` in the JSON answer).
 */
export function hostileUploads(
  maxBytes: number,
): { name: string; body: Uint8Array; status: number; message: RegExp; reason?: string }[] {
  const good = buildTinyBackbone({ seed: 3, layout: 'resnet50' });

  const external = onnx.ModelProto.decode(good);
  const w = external.graph!.initializer![0]!;
  w.rawData = new Uint8Array(0);
  w.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  w.externalData = [
    { key: 'location', value: '../../../../etc/passwd' },
    { key: 'offset', value: '0' },
    { key: 'length', value: '3072' },
  ];

  const huge = onnx.ModelProto.decode(good);
  const t = huge.graph!.initializer![0]!;
  t.rawData = new Uint8Array(0);
  t.dims = [1_000_000, 1_000_000, 1_000];

  const hugeInput = onnx.ModelProto.decode(good);
  hugeInput.graph!.input![0]!.type!.tensorType!.shape!.dim![1] = { dimValue: 2 ** 40 };

  let x = 1;
  const random = new Uint8Array(200_000).map(() => {
    x = (x * 1103515245 + 12345) >>> 0;
    return (x >>> 16) & 0xff;
  });
  return [
    {
      name: 'truncated',
      body: good.slice(0, Math.floor(good.length * 0.6)),
      status: 422,
      message: /not an ONNX model|holds \d+ bytes|could not be parsed|damaged/,
    },
    { name: 'random bytes', body: random, status: 422, message: /not an ONNX model/ },
    { name: '0 bytes', body: new Uint8Array(0), status: 400, message: /request body is empty/ },
    {
      name: 'over the limit',
      body: new Uint8Array(maxBytes + 1),
      status: 413,
      message: /larger than the \d+-byte limit/,
    },
    {
      name: 'external data with a path traversal',
      body: onnx.ModelProto.encode(external).finish(),
      status: 422,
      message: /stored in an external data file/,
      reason: 'EXTERNAL_DATA',
    },
    {
      name: 'a huge declared tensor',
      body: onnx.ModelProto.encode(huge).finish(),
      status: 422,
      message: /declares \d+ bytes of weights \(over 2 GiB\)/,
      reason: 'TOO_LARGE',
    },
    {
      name: 'a huge declared input',
      body: onnx.ModelProto.encode(hugeInput).finish(),
      status: 422,
      message: /declares dimension/,
      reason: 'DAMAGED',
    },
    // External data anywhere, cycles (also through an If branch), undefined tensors, hostile nesting.
    ...hostileModels().map((m) => ({ name: m.name, body: m.bytes, status: 422, message: m.message, reason: m.reason })),
  ];
}
