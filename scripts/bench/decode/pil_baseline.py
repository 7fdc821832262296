#!/usr/bin/python3
"""PIL + torchvision side of the decode benchmark (scripts/bench/decode/run.ts), and the JPEG set.

  /usr/bin/python3 pil_baseline.py make DIR N SEED   write N JPEGs of typical dataset sizes
  /usr/bin/python3 pil_baseline.py time DIR REPEAT [START_AT_MS]
                                                   seconds per pass of torchvision's evaluation
                                                   transform over DIR (best of REPEAT), timed from
                                                   START_AT_MS (epoch) so processes run together
  /usr/bin/python3 pil_baseline.py crops DIR OUT     uint8 crops of every image (parity check)
  /usr/bin/python3 pil_baseline.py stages DIR REPEAT ms per image of decode, resize, the rest

The transform is the paper's: Image.open(f).convert('RGB') -> Resize(224, BICUBIC) ->
CenterCrop(224) -> ToTensor -> Normalize(ImageNet), one image at a time in one thread (the
caller sets OMP_NUM_THREADS=1; torch.set_num_threads(1) here as well), as a DataLoader worker
process runs it. Run with Debian's python3 (apt: python3-torchvision).
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torchvision import transforms

SIZES = [(500, 375), (375, 500), (640, 480), (800, 600), (1024, 768), (500, 333)]
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def photo_like(w, h, rng):
    """Smooth shapes, gradients and sensor-like noise: JPEG costs roughly what a photo costs."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    img = np.zeros((h, w, 3), np.float32)
    for c in range(3):
        fx, fy, ph = rng.uniform(5, 60, 2).tolist() + [rng.uniform(0, 6.3)]
        img[..., c] = 128 + 70 * np.sin(x / fx + ph) * np.cos(y / fy)
    for _ in range(12):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(10, min(w, h) / 3)
        img[(x - cx) ** 2 + (y - cy) ** 2 < r * r] = rng.uniform(0, 255, 3)
    img += rng.normal(0, 6, img.shape)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8))


def make(out, n, seed):
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.RandomState(seed)
    for i in range(n):
        w, h = SIZES[i % len(SIZES)]
        photo_like(w, h, rng).save(out / f'img{i:04d}.jpg', quality=90)


def files(d):
    return sorted(Path(d).glob('*.jpg'))


def load(f):
    with open(f, 'rb') as fh:
        return fh.read()


def time_transform(d, repeat, start_at_ms=None):
    import io
    torch.set_num_threads(1)
    tf = transforms.Compose([
        transforms.Resize(224, interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(224), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    data = [load(f) for f in files(d)]  # bytes in memory: the runner's side reads them the same way
    for b in data[:8]:
        tf(Image.open(io.BytesIO(b)).convert('RGB'))  # warm-up
    if start_at_ms is not None:
        time.sleep(max(0.0, start_at_ms / 1000 - time.time()))
    best, cpu = float('inf'), 0.0
    started_at = time.time() * 1000
    for _ in range(repeat):
        cpu0, t0 = time.process_time(), time.perf_counter()
        for b in data:
            tf(Image.open(io.BytesIO(b)).convert('RGB'))
        if time.perf_counter() - t0 < best:
            best, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    print(json.dumps({'images': len(data), 'seconds': best, 'cpuSeconds': cpu,
                      'startedAt': started_at, 'endedAt': time.time() * 1000}))


def stages(d, repeat):
    import io
    torch.set_num_threads(1)
    resize = transforms.Resize(224, interpolation=transforms.InterpolationMode.BICUBIC)
    rest = transforms.Compose([transforms.CenterCrop(224), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    data = [load(f) for f in files(d)]
    best = [float('inf')] * 3
    for _ in range(repeat):
        t0 = time.perf_counter()
        images = [Image.open(io.BytesIO(b)).convert('RGB') for b in data]
        t1 = time.perf_counter()
        resized = [resize(im) for im in images]
        t2 = time.perf_counter()
        for im in resized:
            rest(im)
        t3 = time.perf_counter()
        best = [min(a, b) for a, b in zip(best, [t1 - t0, t2 - t1, t3 - t2])]
    print(json.dumps({k: v / len(data) * 1000 for k, v in zip(['decode', 'resize', 'rest'], best)}))


def crops(d, out):
    tf = transforms.Compose([
        transforms.Resize(224, interpolation=transforms.InterpolationMode.BICUBIC), transforms.CenterCrop(224)])
    arr = np.stack([np.asarray(tf(Image.open(f).convert('RGB'))) for f in files(d)])
    np.save(out, arr)


if __name__ == '__main__':
    cmd = sys.argv[1]
    if cmd == 'make':
        make(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
    elif cmd == 'time':
        time_transform(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else None)
    elif cmd == 'stages':
        stages(sys.argv[2], int(sys.argv[3]))
    elif cmd == 'crops':
        crops(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f'unknown command {cmd}: use make, time, stages or crops')
