#!/usr/bin/env python3
"""Reference vectors for the runner's default features and ViT token maps (issue #20).

Run from the repository root:  /usr/bin/python3 scripts/reference/backbone_family_refs.py
(Debian's python3-torch 1.13, python3-torchvision 0.14 and python3-onnx.)

Writes packages/runner/test-vectors/families/ (committed):
- vit.onnx.gz, convnext.onnx.gz: torchvision's own VisionTransformer and ConvNeXt classes with
  tiny settings and their default (random) initialisation under torch.manual_seed, exported with
  torch.onnx.export as a submitter would (eval mode, opset 17, dynamic batch, a 10-way head).
- reference.json: for two fixed inputs, each model's own representation computed by PyTorch:
  - vit.features: the normed class token, encoder(x)[:, 0] (what the head reads);
  - vit.patchMaps: the last block's tokens after the final norm, encoder(x)[:, 1:], laid out as
    maps [N, C, h, w] by PyTorch (transpose(1, 2).reshape), to check the runner's token layout;
  - convnext.features: classifier[1](classifier[0](avgpool(features(x)))), the pooled map after
    ConvNeXt's final LayerNorm (what the head reads);
  - logits of both, to show the export computes what the module does.
The inputs are not stored: both sides compute them from a formula (see `fixed_inputs`), in
float64 rounded to float32.
"""
import gzip
import io
import json
import os

import torch
import torchvision
from torchvision.models.convnext import CNBlockConfig, ConvNeXt
from torchvision.models.vision_transformer import VisionTransformer

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'packages', 'runner', 'test-vectors', 'families')
SIZE = 224
IMAGES = 2
VIT = {'image_size': SIZE, 'patch_size': 32, 'num_layers': 2, 'num_heads': 2, 'hidden_dim': 16, 'mlp_dim': 32, 'num_classes': 10}
CONVNEXT_WIDTHS = [8, 16, 32]


def fixed_inputs():
    """x[n, c, h, w] = sin(0.013·(h + 1)·(c + 1) + 0.029·w + 0.7·n) + 0.25·cos(0.041·h·w / 224)."""
    n, c, h, w = torch.meshgrid(*(torch.arange(s, dtype=torch.float64) for s in (IMAGES, 3, SIZE, SIZE)), indexing='ij')
    x = torch.sin(0.013 * (h + 1) * (c + 1) + 0.029 * w + 0.7 * n) + 0.25 * torch.cos(0.041 * h * w / SIZE)
    return x.to(torch.float32)


def export(model, dynamic_hw):
    axes = {0: 'batch'}
    if dynamic_hw:
        axes.update({2: 'height', 3: 'width'})
    buf = io.BytesIO()
    torch.onnx.export(model, torch.zeros(1, 3, SIZE, SIZE), buf, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': axes, 'logits': {0: 'batch'}}, opset_version=17)
    return buf.getvalue()


def write(name, data):
    with open(os.path.join(OUT, name), 'wb') as f:
        f.write(gzip.compress(data, 9, mtime=0))


def rounded(t):
    return [float(f'{v:.8g}') for v in t.flatten().tolist()]


def main():
    os.makedirs(OUT, exist_ok=True)
    x = fixed_inputs()

    torch.manual_seed(20)
    vit = VisionTransformer(**VIT).eval()
    with torch.no_grad():
        tokens = vit.encoder(torch.cat([vit.class_token.expand(IMAGES, -1, -1), vit._process_input(x)], dim=1))
        grid = SIZE // VIT['patch_size']
        patch_maps = tokens[:, 1:].transpose(1, 2).reshape(IMAGES, VIT['hidden_dim'], grid, grid)
        vit_logits = vit(x)
    write('vit.onnx.gz', export(vit, dynamic_hw=False))

    torch.manual_seed(21)
    blocks = [CNBlockConfig(c, CONVNEXT_WIDTHS[i + 1] if i + 1 < len(CONVNEXT_WIDTHS) else None, 1) for i, c in enumerate(CONVNEXT_WIDTHS)]
    convnext = ConvNeXt(blocks, num_classes=10).eval()
    with torch.no_grad():
        pooled = convnext.avgpool(convnext.features(x))
        convnext_features = convnext.classifier[1](convnext.classifier[0](pooled))
        convnext_logits = convnext(x)
    write('convnext.onnx.gz', export(convnext, dynamic_hw=True))

    refs = {
        'generator': 'scripts/reference/backbone_family_refs.py',
        'torch': torch.__version__,
        'torchvision': torchvision.__version__,
        'inputs': {'count': IMAGES, 'size': SIZE, 'formula': fixed_inputs.__doc__},
        'vit': {
            'file': 'vit.onnx.gz',
            'config': VIT,
            'features': {'shape': list(tokens[:, 0].shape), 'data': rounded(tokens[:, 0])},
            'patchMaps': {'shape': list(patch_maps.shape), 'data': rounded(patch_maps)},
            'logits': {'shape': list(vit_logits.shape), 'data': rounded(vit_logits)},
        },
        'convnext': {
            'file': 'convnext.onnx.gz',
            'config': {'widths': CONVNEXT_WIDTHS, 'blocksPerStage': 1},
            'features': {'shape': list(convnext_features.shape), 'data': rounded(convnext_features)},
            'logits': {'shape': list(convnext_logits.shape), 'data': rounded(convnext_logits)},
        },
    }
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(refs, f, indent=1)
        f.write('\n')
    for name in ('vit.onnx.gz', 'convnext.onnx.gz', 'reference.json'):
        print(name, os.path.getsize(os.path.join(OUT, name)), 'bytes')
    print('vit features scale', float(tokens[:, 0].abs().max()), 'convnext features scale', float(convnext_features.abs().max()))


if __name__ == '__main__':
    main()
