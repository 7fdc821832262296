import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { preprocessInto } from '../images/preprocess';
import { decodeModel, encodeModel, type GraphSpec } from '@transferboard/onnx-intake/graph';
import { onnx } from '@transferboard/onnx-intake/proto';
import { createSession, OrtTensor, floatTensor } from '../onnx/runtime';
import { mulberry32 } from '@transferboard/suite/random';
import { tinyBackboneSpec } from '@transferboard/onnx-intake/tiny-backbone';
import { fromHalfArray, toHalfArray } from './float16';
import { acceptFp16 } from './acceptance';
import { convertToFloat16 } from './convert';
import { testVectors } from '../test-vectors';

const T = onnx.TensorProto.DataType;
const PER = 3 * 224 * 224;
const dir = testVectors('images');
const files = ['landscape.jpg', 'gray.jpg', 'icc-linear.jpg', 'portrait-odd.png'];
let batch: Float32Array;

beforeAll(async () => {
  batch = new Float32Array(files.length * PER);
  for (const [i, f] of files.entries())
    await preprocessInto({ kind: 'encoded', bytes: readFileSync(join(dir, f)) }, f, batch, i * PER, {
      normalization: 'imagenet',
    });
});

async function run(
  model: Uint8Array,
  output: string,
  input: OrtTensorLike = floatTensor(batch, [files.length, 3, 224, 224]),
): Promise<Float32Array> {
  const s = await createSession(model, { intraOpThreads: 1 });
  const out = (await s.run({ input: input as never }, [output]))[output]!;
  return out.type === 'float16' ? fromHalfArray(out.data as Uint16Array) : (out.data as Float32Array);
}
type OrtTensorLike = InstanceType<typeof OrtTensor>;

/** A ResNet block with the operators a converter must keep in fp32: BatchNormalization, ReduceMean, Softmax. */
function resnetLikeWithNorms(scale = 1): GraphSpec {
  const rand = mulberry32(7);
  const w = (n: number, fan: number) => new Float32Array(n).map(() => ((rand() * 2 - 1) * scale) / Math.sqrt(fan));
  const c = 16;
  return {
    name: 'resnet-like-norms',
    inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 224, 224] }],
    outputs: [
      { name: 'features', type: 'float32', shape: ['batch', c] },
      { name: 'probs', type: 'float32', shape: ['batch', 5] },
    ],
    initializers: [
      { name: 'w1', type: 'float32', dims: [c, 3, 7, 7], data: w(c * 3 * 49, 147) },
      { name: 'w2', type: 'float32', dims: [c, c, 3, 3], data: w(c * c * 9, c * 9) },
      { name: 'bn_scale', type: 'float32', dims: [c], data: new Float32Array(c).map(() => 0.5 + rand()) },
      { name: 'bn_bias', type: 'float32', dims: [c], data: new Float32Array(c).map(() => rand() - 0.5) },
      { name: 'bn_mean', type: 'float32', dims: [c], data: new Float32Array(c).map(() => rand() * 0.1) },
      { name: 'bn_var', type: 'float32', dims: [c], data: new Float32Array(c).map(() => 0.5 + rand()) },
      { name: 'fc', type: 'float32', dims: [c, 5], data: w(c * 5, c) },
    ],
    nodes: [
      {
        op: 'Conv',
        inputs: ['input', 'w1'],
        outputs: ['c1'],
        attrs: { kernel_shape: [7, 7], strides: [4, 4], pads: [3, 3, 3, 3] },
      },
      { op: 'Relu', inputs: ['c1'], outputs: ['r1'] },
      { op: 'Conv', inputs: ['r1', 'w2'], outputs: ['c2'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } },
      { op: 'BatchNormalization', inputs: ['c2', 'bn_scale', 'bn_bias', 'bn_mean', 'bn_var'], outputs: ['b2'] },
      { op: 'Add', inputs: ['b2', 'r1'], outputs: ['s'] },
      { op: 'Relu', inputs: ['s'], outputs: ['r2'] },
      { op: 'ReduceMean', inputs: ['r2'], outputs: ['pooled'], attrs: { axes: [2, 3], keepdims: 0 } },
      { op: 'Identity', inputs: ['pooled'], outputs: ['features'] },
      { op: 'MatMul', inputs: ['pooled', 'fc'], outputs: ['logits'] },
      { op: 'Softmax', inputs: ['logits'], outputs: ['probs'], attrs: { axis: 1 } },
    ],
    opset: 17,
  };
}

function opsOf(bytes: Uint8Array) {
  return decodeModel(bytes).graph!.node!.map((n) => ({
    op: n.opType!,
    input: n.input!,
    output: n.output!,
    to: Number(n.attribute?.find((a) => a.name === 'to')?.i ?? -1),
  }));
}

describe('convertToFloat16 on the tiny backbone', () => {
  const fp32 = encodeModel(tinyBackboneSpec({ seed: 3 }));

  it('stores every weight as fp16, keeps the pooling and the graph I/O in fp32', () => {
    const r = convertToFloat16(fp32);
    const g = decodeModel(r.bytes).graph!;
    expect(g.initializer!.every((t) => t.dataType === T.FLOAT16)).toBe(true);
    expect(r.convertedInitializers).toBe(g.initializer!.length);
    expect(r.bytes.length).toBeLessThan(fp32.length * 0.6);
    expect(r.fp32Nodes).toEqual({ GlobalAveragePool: 1 });
    expect(g.input![0]!.type!.tensorType!.elemType).toBe(T.FLOAT);
    expect(g.output!.map((o) => o.type!.tensorType!.elemType)).toEqual([T.FLOAT, T.FLOAT]);
    const ops = opsOf(r.bytes);
    // input → fp16 once; spatial (fp16) → fp32 for GlobalAveragePool and again for the graph output.
    const casts = ops.filter((o) => o.op === 'Cast');
    expect(casts.map((c) => c.to)).toEqual([T.FLOAT16, T.FLOAT, T.FLOAT]);
    expect(ops.find((o) => o.op === 'GlobalAveragePool')!.input[0]).toBe(casts[1]!.output[0]);
    // Flatten follows its fp32 input: the features are not rounded to fp16.
    expect(ops.filter((o) => o.output.includes('features'))).toHaveLength(1);
  });

  it('runs on the CPU provider and passes the acceptance check on real images', async () => {
    const r = convertToFloat16(fp32);
    const [a, b] = [await run(fp32, 'features'), await run(r.bytes, 'features')];
    const verdict = acceptFp16({ fp32: a, fp16: b, dim: 64 });
    expect(verdict.reasons).toEqual([]);
    expect(verdict.accepted).toBe(true);
    expect(verdict.agreement.minCosine).toBeGreaterThan(0.999);
    // fp16 weights really changed the arithmetic: not bit-identical.
    expect(verdict.agreement.maxAbsError).toBeGreaterThan(0);
  });

  it('with io float16 declares half-precision input and outputs and runs on half data', async () => {
    const r = convertToFloat16(fp32, { io: 'float16' });
    const g = decodeModel(r.bytes).graph!;
    expect(g.input![0]!.type!.tensorType!.elemType).toBe(T.FLOAT16);
    expect(g.output!.map((o) => o.type!.tensorType!.elemType)).toEqual([T.FLOAT16, T.FLOAT16]);
    const half = new OrtTensor('float16', toHalfArray(batch), [files.length, 3, 224, 224]);
    const b = await run(r.bytes, 'features', half);
    expect(acceptFp16({ fp32: await run(fp32, 'features'), fp16: b, dim: 64 }).accepted).toBe(true);
  });

  it('drops initializers listed as graph inputs (IR < 4 models), which onnxruntime would let callers override', async () => {
    const spec = tinyBackboneSpec({ seed: 3 });
    const w = spec.initializers!.find((t) => t.name.includes('stem'))!;
    const old = encodeModel({ ...spec, inputs: [...spec.inputs, { name: w.name, type: 'float32', shape: w.dims }] });
    const r = convertToFloat16(old);
    expect(decodeModel(r.bytes).graph!.input!.map((i) => i.name)).toEqual(['input']);
    expect(
      acceptFp16({ fp32: await run(old, 'features'), fp16: await run(r.bytes, 'features'), dim: 64 }).accepted,
    ).toBe(true);
  });

  it('converts the ResNet-50-layout backbone (residual Adds, classifier) and keeps it accurate', async () => {
    const model = encodeModel(tinyBackboneSpec({ layout: 'resnet50', numClasses: 10 }));
    const r = convertToFloat16(model);
    const [a, b] = [await run(model, 'logits'), await run(r.bytes, 'logits')];
    expect(acceptFp16({ fp32: a, fp16: b, dim: 10 }).accepted).toBe(true);
  });
});

describe('convertToFloat16 on a ResNet-like block with normalisation and softmax', () => {
  it('keeps BatchNormalization, ReduceMean and Softmax in fp32 behind casts, with fp32 BN parameters', () => {
    const r = convertToFloat16(encodeModel(resnetLikeWithNorms()));
    expect(r.fp32Nodes).toEqual({ BatchNormalization: 1, ReduceMean: 1, Softmax: 1 });
    const g = decodeModel(r.bytes).graph!;
    const type = (name: string) => g.initializer!.find((t) => t.name === name)!.dataType;
    expect(['bn_scale', 'bn_bias', 'bn_mean', 'bn_var'].map(type)).toEqual([T.FLOAT, T.FLOAT, T.FLOAT, T.FLOAT]);
    expect(['w1', 'w2', 'fc'].map(type)).toEqual([T.FLOAT16, T.FLOAT16, T.FLOAT16]);
    expect(r.keptInitializers).toBe(4);
    const bn = opsOf(r.bytes).find((o) => o.op === 'BatchNormalization')!;
    expect(bn.input[0]).toBe('c2__fp32');
  });

  it('runs on the CPU and is accepted', async () => {
    const model = encodeModel(resnetLikeWithNorms());
    const r = convertToFloat16(model);
    for (const [out, dim] of [
      ['features', 16],
      ['probs', 5],
    ] as const) {
      const verdict = acceptFp16({ fp32: await run(model, out), fp16: await run(r.bytes, out), dim });
      expect(verdict.accepted, `${out}: ${verdict.reasons.join('; ')}`).toBe(true);
    }
  });

  // On the CPU provider onnxruntime computes fp16 Conv in fp32 behind its own casts, so an
  // activation overflow may not show there; weights beyond fp16's 65,504 always do.
  it('is rejected when weights overflow fp16', async () => {
    const model = encodeModel(resnetLikeWithNorms(1e7));
    const r = convertToFloat16(model);
    const verdict = acceptFp16({ fp32: await run(model, 'features'), fp16: await run(r.bytes, 'features'), dim: 16 });
    expect(verdict.accepted).toBe(false);
    expect(verdict.reasons.join(' ')).toMatch(/non-finite|cosine|relative error/);
  });
});
