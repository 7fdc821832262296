#!/usr/bin/python3
"""Reference windows of Pillow's bicubic and bilinear resizes at scale factors the 224 crops do not reach.

The source is a formula (gradients, hard edges, a checkerboard) that resample.test.ts rebuilds
byte for byte, so only the small 24x24 windows are committed: resample-windows.npy (bicubic) and
resample-windows-bilinear.npy, shape [cases, 24, 24, 3] uint8, one per CASES entry (resized
width, height, crop left, top).

Writes packages/runner/test-vectors/images/ (committed).

Run with Debian's python3 (Pillow 9.4): /usr/bin/python3 scripts/reference/resample_refs.py
"""
from pathlib import Path

import numpy as np
from PIL import Image

OUT = Path(__file__).resolve().parents[2] / 'packages/runner/test-vectors/images'
W, H, SIDE = 1200, 900, 24
CASES = [
    (298, 224, 37, 100),   # a 1024x768-like shrink (4.0x): 17 taps
    (298, 224, 0, 0),      # top-left corner: windows clipped at the border
    (298, 224, 274, 200),  # bottom-right corner
    (100, 75, 40, 30),     # 12x: 49 taps
    (1000, 750, 500, 400), # 1.2x: 5-6 taps
    (1500, 1125, 700, 600),  # enlargement: 5 taps of the unscaled kernel
    (1200, 224, 600, 100), # height only: the horizontal pass is the identity
    (1201, 901, 600, 450), # a hair larger: the few-shot 256 -> 257 case at this size
]


def source():
    y, x = np.mgrid[0:H, 0:W].astype(np.int64)
    r = (x * 255) // (W - 1)
    g = np.where(((x // 7) + (y // 5)) % 2 == 0, 250, 5)
    b = (x * 3 + y * 5 + ((x * y) >> 6)) & 255
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


if __name__ == '__main__':
    im = Image.fromarray(source())
    for name, resample in [('resample-windows.npy', Image.BICUBIC), ('resample-windows-bilinear.npy', Image.BILINEAR)]:
        out = np.stack([
            np.asarray(im.resize((w, h), resample).crop((left, top, left + SIDE, top + SIDE)))
            for w, h, left, top in CASES])
        np.save(OUT / name, out)
