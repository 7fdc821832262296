import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * The reference exports of scripts/reference/onnx_cost_refs.py (torchvision's ResNet-50, a tiny
 * ViT and a tiny ConvNeXt, exported by torch.onnx.export) with PyTorch's own counts.
 */

export interface CostReference {
  file: string;
  parameters: number;
  bnChannels: number;
  macs: Record<string, number>;
  totalMacs: number;
  onnxShapes: Record<string, number[]>;
}

const DIR = new URL('../test-vectors/cost/', import.meta.url);

export function costReferences(): Record<'resnet50' | 'vit-tiny' | 'convnext-tiny', CostReference> {
  return (
    JSON.parse(readFileSync(new URL('reference.json', DIR), 'utf8')) as {
      models: Record<'resnet50' | 'vit-tiny' | 'convnext-tiny', CostReference>;
    }
  ).models;
}

export function referenceExport(ref: CostReference): Uint8Array {
  return gunzipSync(readFileSync(new URL(ref.file, DIR)));
}
