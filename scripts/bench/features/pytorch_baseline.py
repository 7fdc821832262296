#!/usr/bin/python3
"""PyTorch side of the feature benchmark: the paper's pipeline on the CPU.

  /usr/bin/python3 scripts/bench/features/pytorch_baseline.py DIR THREADS BATCH OUT.npy

PIL decode + torchvision Resize(224, bicubic) / CenterCrop / ToTensor / Normalize, ResNet-50 in
eval mode under no_grad, pooled 2048-d features (fc replaced by Identity), THREADS intra-op
threads, images in sorted order, batches of BATCH. Prints one JSON line.
"""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torchvision
from PIL import Image
from torchvision import transforms


def main():
    root, threads, batch, out = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    torch.set_num_threads(threads)
    model = torchvision.models.resnet50()
    model.load_state_dict(torch.load(root / 'resnet50.pt'))
    model.fc = torch.nn.Identity()
    model.eval()
    tf = transforms.Compose([
        transforms.Resize(224, interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(224),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    files = sorted((root / 'images').glob('*.jpg'))
    feats = []
    t0 = time.perf_counter()
    with torch.no_grad():
        for i in range(0, len(files), batch):
            x = torch.stack([tf(Image.open(f).convert('RGB')) for f in files[i:i + batch]])
            feats.append(model(x).numpy())
    seconds = time.perf_counter() - t0
    np.save(out, np.concatenate(feats).astype(np.float32))
    print(json.dumps({'images': len(files), 'seconds': seconds, 'imgPerSec': len(files) / seconds,
                      'maxRssMiB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 'torch': torch.__version__}))


if __name__ == '__main__':
    main()
