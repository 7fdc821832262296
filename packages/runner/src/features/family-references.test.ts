import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inspectModelBytes, withOutputs } from '@transferboard/onnx-intake/inspect';
import { tokenGrid, tokensToMap } from '@transferboard/onnx-intake/token-grid';
import { createSession, floatTensor } from '../onnx/runtime';
import { testVectors } from '../test-vectors';

/**
 * torchvision's own VisionTransformer and ConvNeXt (scripts/reference/backbone_family_refs.py):
 * the tensors the runner picks by default, run by onnxruntime on the exported ONNX, equal each
 * model's own representation as PyTorch computes it, and the ViT's maps equal its last block's
 * patch tokens laid out by PyTorch. Tolerance: 1e-4 absolute on values of scale 2 (float32
 * kernels summing in a different order).
 */

interface Vec {
  shape: number[];
  data: number[];
}
interface Refs {
  inputs: { count: number; size: number };
  vit: { file: string; features: Vec; patchMaps: Vec; logits: Vec };
  convnext: { file: string; features: Vec; logits: Vec };
}
const TOLERANCE = 1e-4;
const refs = JSON.parse(readFileSync(testVectors('families', 'reference.json'), 'utf8')) as Refs;
const { count, size } = refs.inputs;

/** The generator's formula, in float64 rounded to float32, like its torch side. */
function fixedInputs(): Float32Array {
  const x = new Float32Array(count * 3 * size * size);
  let i = 0;
  for (let n = 0; n < count; n++) {
    for (let c = 0; c < 3; c++) {
      for (let h = 0; h < size; h++) {
        for (let w = 0; w < size; w++)
          x[i++] = Math.sin(0.013 * (h + 1) * (c + 1) + 0.029 * w + 0.7 * n) + 0.25 * Math.cos((0.041 * h * w) / size);
      }
    }
  }
  return x;
}

async function run(
  bytes: Uint8Array,
  tensors: string[],
): Promise<Record<string, { data: Float32Array; dims: readonly number[] }>> {
  const { proto } = inspectModelBytes(bytes, 'ref');
  const session = await createSession(withOutputs(proto, tensors));
  try {
    const out = await session.run({ input: floatTensor(fixedInputs(), [count, 3, size, size]) }, tensors);
    return Object.fromEntries(tensors.map((t) => [t, { data: out[t]!.data as Float32Array, dims: out[t]!.dims }]));
  } finally {
    await session.release();
  }
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const load = (file: string) => new Uint8Array(gunzipSync(readFileSync(testVectors('families', file))));

describe('torchvision VisionTransformer (patch 32, 2 blocks, width 16)', () => {
  const bytes = load(refs.vit.file);
  const info = inspectModelBytes(bytes, 'vit').info;

  it('default features are its normed class token, equal to PyTorch’s encoder(x)[:, 0]', async () => {
    expect(info).toMatchObject({ featureSource: 'classifier-input', featureShape: ['N', 16] });
    const out = await run(bytes, [info.featureOutput, 'logits']);
    expect(out[info.featureOutput]!.dims).toEqual(refs.vit.features.shape);
    expect(maxDiff(out[info.featureOutput]!.data, refs.vit.features.data)).toBeLessThan(TOLERANCE);
    expect(maxDiff(out.logits!.data, refs.vit.logits.data)).toBeLessThan(TOLERANCE);
  });

  it('default maps are the last block’s patch tokens, laid out as PyTorch reshapes them', async () => {
    expect(info.spatialSource).toBe('last-block-tokens');
    const tensor = info.spatialOutputs[0]!;
    const tokens = (await run(bytes, [tensor]))[tensor]!;
    const [, t, channels] = tokens.dims as [number, number, number];
    const grid = tokenGrid(t, info.tokenHints, size);
    expect(grid).toEqual({ prefixTokens: 1, height: 7, width: 7, patchSize: 32, source: 'patch-embedding' });
    if (typeof grid === 'string') return;
    const per = t * channels;
    const maps = Array.from({ length: count }, (_, n) =>
      Array.from(tokensToMap(tokens.data.subarray(n * per, (n + 1) * per), channels, grid)),
    ).flat();
    expect([count, channels, grid.height, grid.width]).toEqual(refs.vit.patchMaps.shape);
    expect(maxDiff(maps, refs.vit.patchMaps.data)).toBeLessThan(TOLERANCE);
  });
});

describe('torchvision ConvNeXt (widths 8-16-32, one block each)', () => {
  const bytes = load(refs.convnext.file);
  const info = inspectModelBytes(bytes, 'convnext').info;

  it('default features are after its final LayerNorm, equal to PyTorch’s classifier[:2](avgpool(features(x)))', async () => {
    expect(info).toMatchObject({
      featureOutput: '/classifier/classifier.1/Flatten_output_0',
      featureSource: 'classifier-input',
    });
    const out = await run(bytes, [info.featureOutput, '/avgpool/GlobalAveragePool_output_0', 'logits']);
    expect(maxDiff(out[info.featureOutput]!.data, refs.convnext.features.data)).toBeLessThan(TOLERANCE);
    expect(maxDiff(out.logits!.data, refs.convnext.logits.data)).toBeLessThan(TOLERANCE);
    // The pooling before the norm (the old rule) is a different representation altogether.
    expect(maxDiff(out['/avgpool/GlobalAveragePool_output_0']!.data, refs.convnext.features.data)).toBeGreaterThan(0.5);
  });
});
