import type { OpContext, ShapeRule } from './op-context';
import { normalizeAxis } from './op-context';
import { info } from './tensor-info';

/**
 * Convolutions and pools (the ONNX spec's output-size formulas, auto_pad and ceil_mode
 * included), global pools, padding and resizing.
 */

interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  pads: number[];
  autoPad: string;
  ceil: boolean;
}

function windowOf(c: OpContext, spatial: number, kernel: number[]): Window | null {
  const strides = c.attr.ints('strides') ?? kernel.map(() => 1);
  const dilations = c.attr.ints('dilations') ?? kernel.map(() => 1);
  const pads = c.attr.ints('pads') ?? new Array<number>(2 * spatial).fill(0);
  if (
    kernel.length !== spatial ||
    strides.length !== spatial ||
    dilations.length !== spatial ||
    pads.length !== 2 * spatial
  )
    return null;
  if (
    [...kernel, ...strides, ...dilations].some((v) => !Number.isInteger(v) || v < 1) ||
    pads.some((p) => !Number.isInteger(p) || p < 0)
  )
    return null;
  return {
    kernel,
    strides,
    dilations,
    pads,
    autoPad: c.attr.string('auto_pad', 'NOTSET'),
    ceil: c.attr.int('ceil_mode', 0) === 1,
  };
}

function outputSize(input: number, i: number, w: Window): number | null {
  const span = (w.kernel[i]! - 1) * w.dilations[i]! + 1;
  const s = w.strides[i]!;
  if (w.autoPad === 'SAME_UPPER' || w.autoPad === 'SAME_LOWER') return Math.ceil(input / s);
  const begin = w.autoPad === 'VALID' ? 0 : w.pads[i]!;
  const end = w.autoPad === 'VALID' ? 0 : w.pads[i + w.kernel.length]!;
  const room = input + begin + end - span;
  if (room < 0) return null;
  if (!w.ceil) return Math.floor(room / s) + 1;
  let out = Math.ceil(room / s) + 1;
  // As PyTorch and onnxruntime do: the last window must start inside the input or its left padding.
  if ((out - 1) * s >= input + begin) out -= 1;
  return out;
}

function spatialOutput(x: number[], w: Window): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < x.length - 2; i++) {
    const size = outputSize(x[i + 2]!, i, w);
    if (size === null) return null;
    out.push(size);
  }
  return out;
}

export const conv: ShapeRule = (c) => {
  const x = c.input(0)?.shape;
  const weight = c.input(1)?.shape;
  if (!x || !weight || x.length < 3 || weight.length !== x.length) return [null];
  const group = c.attr.int('group', 1);
  if (group < 1 || x[1] !== weight[1]! * group) return [null];
  const w = windowOf(c, x.length - 2, c.attr.ints('kernel_shape') ?? weight.slice(2));
  const spatial = w && spatialOutput(x, w);
  return [spatial ? info([x[0]!, weight[0]!, ...spatial], c.input(0)!.dtype) : null];
};

export const pool: ShapeRule = (c) => {
  const x = c.input(0)?.shape;
  const kernel = c.attr.ints('kernel_shape');
  if (!x || x.length < 3 || !kernel) return [null];
  const w = windowOf(c, x.length - 2, kernel);
  const spatial = w && spatialOutput(x, w);
  if (!spatial) return [null];
  const out = info([x[0]!, x[1]!, ...spatial], c.input(0)!.dtype);
  return [out, info(out.shape, 7)];
};

export const globalPool: ShapeRule = (c) => {
  const x = c.input(0)?.shape;
  if (!x || x.length < 3) return [null];
  return [info([x[0]!, x[1]!, ...x.slice(2).map(() => 1)], c.input(0)!.dtype)];
};

export const pad: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const rank = x.shape.length;
  const pads = c.opset >= 11 ? c.input(1)?.values : c.attr.ints('pads');
  if (!pads) return [null];
  let axes = Array.from({ length: rank }, (_, i) => i);
  const axesInput = c.input(3);
  if (axesInput) {
    if (!axesInput.values) return [null];
    const normalized = axesInput.values.map((a) => normalizeAxis(a, rank));
    if (normalized.some((a) => a === null)) return [null];
    axes = normalized as number[];
  }
  if (pads.length !== 2 * axes.length) return [null];
  const out = [...x.shape];
  axes.forEach((a, i) => {
    out[a] = out[a]! + pads[i]! + pads[i + axes.length]!;
  });
  return [info(out, x.dtype)];
};

export const resize: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const rank = x.shape.length;
  const isUpsample = c.node.opType === 'Upsample';
  const scalesAt = isUpsample || c.opset < 11 ? 1 : 2;
  const scales = isUpsample && c.opset < 9 ? c.attr.floats('scales') : c.input(scalesAt)?.values;
  const sizes = isUpsample || c.opset < 11 ? undefined : c.input(3)?.values;
  const axes = (c.attr.ints('axes') ?? Array.from({ length: rank }, (_, i) => i)).map((a) => normalizeAxis(a, rank));
  if (axes.some((a) => a === null)) return [null];
  const out = [...x.shape];
  if (sizes?.length) {
    if (sizes.length !== axes.length || c.attr.string('keep_aspect_ratio_policy', 'stretch') !== 'stretch')
      return [null];
    axes.forEach((a, i) => {
      out[a!] = sizes[i]!;
    });
  } else if (scales?.length) {
    if (scales.length !== axes.length) return [null];
    axes.forEach((a, i) => {
      out[a!] = Math.floor(out[a!]! * scales[i]!);
    });
  } else {
    return [null];
  }
  return [info(out, x.dtype)];
};

export const depthToSpace: ShapeRule = (c) => {
  const x = c.input(0)?.shape;
  const b = c.attr.int('blocksize', 0);
  if (x?.length !== 4 || b < 1) return [null];
  const [n, ch, h, w] = x as [number, number, number, number];
  if (c.node.opType === 'DepthToSpace')
    return [ch % (b * b) ? null : info([n, ch / (b * b), h * b, w * b], c.input(0)!.dtype)];
  return [h % b || w % b ? null : info([n, ch * b * b, h / b, w / b], c.input(0)!.dtype)];
};
