#!/usr/bin/env python3
"""Independent parameter and multiply-accumulate counts for the ONNX intake's cost figures.

Run from the repository root:  /usr/bin/python3 scripts/reference/onnx_cost_refs.py
(Debian's python3-torch 1.13, python3-torchvision 0.14 and python3-onnx 1.12.)

Writes packages/onnx-intake/test-vectors/cost/ (committed):
- resnet50.onnx.gz, vit-tiny.onnx.gz, convnext-tiny.onnx.gz: torchvision's own classes exported
  with torch.onnx.export as a submitter would (eval mode, opset 17, dynamic batch). Every
  parameter tensor is filled with its own constant so the files gzip to a few hundred kB
  (random weights do not compress, and zero weights would be deduplicated by the exporter,
  changing the graph); only dims matter for counting.
- reference.json: per model, PyTorch's own counts:
  - parameters: sum(p.numel() for p in model.parameters());
  - bnChannels: sum of BatchNorm2d num_features. An eval export folds each BatchNorm into the
    convolution before it: its 2 learned vectors (weight, bias) become 1 conv bias, so the
    export holds parameters - bnChannels numbers;
  - macs: multiply-accumulates for one 1x3x224x224 image, from forward hooks on Conv2d
    (out.numel() * in_channels / groups * kh * kw) and Linear (out.numel() * in_features).
    nn.MultiheadAttention computes its input projection and its two attention products without
    calling a submodule, so for the ViT those are added from the layer's configuration
    (in_proj: T*D*3D; Q K^T and A V: T*T*D each; out_proj: T*D*D);
  - onnxShapes: onnx.shape_inference.infer_shapes(data_prop=True) with the batch fixed to 1,
    every tensor it inferred fully (the ONNX project's own shape inference, to check ours on).
"""
import gzip
import io
import json
import os

import onnx
import torch
import torchvision
from torchvision.models.convnext import CNBlockConfig, ConvNeXt
from torchvision.models.vision_transformer import VisionTransformer

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'packages', 'onnx-intake', 'test-vectors', 'cost')


def fill(model):
    with torch.no_grad():
        for i, p in enumerate(model.parameters()):
            p.fill_(1 + i * 1e-3)
    return model.eval()


def hook_macs(model):
    counts = {'conv': 0, 'linear': 0}

    def conv_hook(m, inp, out):
        kh, kw = m.kernel_size
        counts['conv'] += out.numel() * (m.in_channels // m.groups) * kh * kw

    def linear_hook(m, inp, out):
        counts['linear'] += out.numel() * m.in_features

    handles = []
    for m in model.modules():
        if isinstance(m, torch.nn.Conv2d):
            handles.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, torch.nn.Linear):
            handles.append(m.register_forward_hook(linear_hook))
    with torch.no_grad():
        model(torch.zeros(1, 3, 224, 224))
    for h in handles:
        h.remove()
    return counts


def attention_macs(vit):
    """What F.multi_head_attention_forward multiplies outside any hooked module, per image."""
    d = vit.hidden_dim
    t = (vit.image_size // vit.patch_size) ** 2 + 1
    per_layer = {'inProjection': t * d * 3 * d, 'attention': 2 * t * t * d, 'outProjection': t * d * d}
    layers = len(vit.encoder.layers)
    return {k: v * layers for k, v in per_layer.items()}


def export(model):
    buf = io.BytesIO()
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), buf, input_names=['input'], output_names=['logits'],
                      dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}, opset_version=17)
    return buf.getvalue()


def onnx_shapes(data):
    proto = onnx.load_from_string(data)
    proto.graph.input[0].type.tensor_type.shape.dim[0].dim_value = 1
    inferred = onnx.shape_inference.infer_shapes(proto, data_prop=True)
    shapes = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.output):
        t = vi.type.tensor_type
        if not t.HasField('shape'):
            continue
        dims = [d.dim_value if d.HasField('dim_value') else None for d in t.shape.dim]
        if all(d is not None for d in dims):
            shapes[vi.name] = dims
    return shapes


def record(name, model, extra_macs=None):
    data = export(model)
    macs = hook_macs(model)
    macs.update(extra_macs or {})
    with open(os.path.join(OUT, f'{name}.onnx.gz'), 'wb') as f:
        f.write(gzip.compress(data, 9, mtime=0))
    return {
        'file': f'{name}.onnx.gz',
        'parameters': sum(p.numel() for p in model.parameters()),
        'bnChannels': sum(m.num_features for m in model.modules() if isinstance(m, torch.nn.BatchNorm2d)),
        'macs': macs,
        'totalMacs': sum(macs.values()),
        'onnxShapes': onnx_shapes(data),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    vit = fill(VisionTransformer(image_size=224, patch_size=32, num_layers=2, num_heads=2, hidden_dim=64, mlp_dim=128))
    convnext = fill(ConvNeXt([CNBlockConfig(16, 32, 1), CNBlockConfig(32, 64, 1), CNBlockConfig(64, None, 1)]))
    refs = {
        'generator': 'scripts/reference/onnx_cost_refs.py',
        'torch': torch.__version__,
        'torchvision': torchvision.__version__,
        'onnx': onnx.__version__,
        'models': {
            'resnet50': record('resnet50', fill(torchvision.models.resnet50())),
            'vit-tiny': {**record('vit-tiny', vit, attention_macs(vit)),
                         'config': {'imageSize': 224, 'patchSize': 32, 'layers': 2, 'heads': 2, 'hiddenDim': 64, 'mlpDim': 128}},
            'convnext-tiny': {**record('convnext-tiny', convnext), 'config': {'blocks': '16-32-64, 1 block each'}},
        },
    }
    with open(os.path.join(OUT, 'reference.json'), 'w') as f:
        json.dump(refs, f, indent=1)
        f.write('\n')
    for name, r in refs['models'].items():
        print(name, r['parameters'], r['bnChannels'], r['macs'], r['totalMacs'], len(r['onnxShapes']), 'shapes')


if __name__ == '__main__':
    main()
