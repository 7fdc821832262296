#!/usr/bin/python3
"""Inputs for the feature-extraction benchmark: N generated JPEGs and a ResNet-50 in ONNX.

  /usr/bin/python3 scripts/bench/features/prepare.py OUT_DIR N

Writes OUT_DIR/images/*.jpg (sizes vary around 500x375, like Pets or Food-101 photos) and
OUT_DIR/resnet50.onnx: torchvision.models.resnet50() with seeded random weights, exported the way
a submitter would (full classifier, dynamic batch), so the runner has to find the pooled
features in the graph itself. OUT_DIR/resnet50.pt keeps the same weights for the PyTorch side.
"""
import sys
from pathlib import Path

import numpy as np
import torch
import torchvision
from PIL import Image


def main():
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    images = out / 'images'
    images.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(0)
    for i in range(n):
        w, h = int(rng.randint(400, 640)), int(rng.randint(300, 480))
        y, x = np.mgrid[0:h, 0:w].astype(np.float32)
        base = np.stack([np.sin(x / rng.uniform(5, 40)) * 100 + 128, x / w * 255, np.cos(y / rng.uniform(5, 40)) * 100 + 128], -1)
        img = np.clip(base + rng.normal(0, 20, (h, w, 3)), 0, 255).astype(np.uint8)
        Image.fromarray(img).save(images / f'{i:05d}.jpg', quality=90)
    torch.manual_seed(0)
    model = torchvision.models.resnet50().eval()
    torch.save(model.state_dict(), out / 'resnet50.pt')
    torch.onnx.export(
        model, torch.randn(1, 3, 224, 224), str(out / 'resnet50.onnx'),
        input_names=['input'], output_names=['logits'], dynamic_axes={'input': {0: 'batch'}, 'logits': {0: 'batch'}},
        opset_version=17,
    )
    print(f'wrote {n} JPEGs and resnet50.onnx (torch {torch.__version__}, torchvision {torchvision.__version__})')


if __name__ == '__main__':
    main()
