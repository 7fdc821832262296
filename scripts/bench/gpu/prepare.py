#!/usr/bin/python3
"""Inputs for the GPU benchmark: N generated JPEGs and a ResNet-50 in ONNX (+ its PyTorch weights).

  python3 scripts/bench/gpu/prepare.py OUT_DIR N

OUT_DIR/images/*.jpg: photo-like JPEGs of 400-640 x 300-480 (quality 90), as in the other
benchmarks; OUT_DIR/resnet50.onnx: torchvision's ResNet-50 with seeded random weights exported
the way a submitter would (classifier logits, dynamic batch), so the runner finds the pooled
features itself; OUT_DIR/resnet50.pt: the same weights for the PyTorch side. Works with Debian's
torch 1.13 (CPU dry runs) and current torch (its legacy exporter, else the dynamo one).
"""
import sys
from pathlib import Path

import numpy as np
import torch
import torchvision
from PIL import Image


def images(out: Path, n: int) -> None:
    d = out / 'images'
    d.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(0)
    for i in range(n):
        w, h = int(rng.randint(400, 640)), int(rng.randint(300, 480))
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        base = np.stack([np.sin(x / rng.uniform(5, 40)) * 100 + 128, x / w * 255, np.cos(y / rng.uniform(5, 40)) * 100 + 128], -1)
        img = np.clip(base + rng.normal(0, 20, (h, w, 3)), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(d / f'{i:05d}.jpg', quality=90)


def export(out: Path) -> None:
    torch.manual_seed(0)
    model = torchvision.models.resnet50().eval()
    torch.save(model.state_dict(), out / 'resnet50.pt')
    kw = dict(input_names=['input'], output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}}, opset_version=17)
    x = torch.randn(1, 3, 224, 224)
    try:
        torch.onnx.export(model, x, str(out / 'resnet50.onnx'), dynamo=False, **kw)
    except TypeError:  # torch < 2.5 has no dynamo argument
        torch.onnx.export(model, x, str(out / 'resnet50.onnx'), **kw)
    except Exception as e:  # noqa: BLE001 - a torch without the legacy exporter
        print('legacy export failed:', e, file=sys.stderr)
        torch.onnx.export(model, x, str(out / 'resnet50.onnx'), dynamo=True, external_data=False, **kw)


def main() -> None:
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    images(out, n)
    export(out)
    print(f'wrote {n} JPEGs and resnet50.onnx (torch {torch.__version__}, torchvision {torchvision.__version__})', file=sys.stderr)


if __name__ == '__main__':
    main()
