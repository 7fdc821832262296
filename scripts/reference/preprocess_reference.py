#!/usr/bin/python3
"""Reference crops for the runner's image pipeline, from torchvision's own transforms.

Writes small deterministic test images (JPEG, PNG, grayscale, RGBA, an embedded non-sRGB ICC
profile, a raw 32x32 CIFAR-like array) and what torchvision makes of them:
  Image.open(f).convert('RGB') -> Resize(224, BICUBIC) -> CenterCrop(224)
as uint8 HWC .npy (the exact pixels before ToTensor), plus one fully normalised CHW float32
tensor (ToTensor + Normalize(ImageNet mean/std)). The runner's tests compare against these.

Run with Debian's python3 (apt: python3-torchvision): /usr/bin/python3 scripts/reference/preprocess_reference.py
"""
import io
import struct
from pathlib import Path

import numpy as np
import torchvision
from PIL import Image
from torchvision import transforms

OUT = Path(__file__).resolve().parents[2] / 'packages/runner/test-vectors/images'
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]


def pattern(h, w, seed):
    """Gradients, hard edges and noise: resampling differences show up in all three."""
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127 + 120 * np.sin(x / 17.0) * np.cos(y / 23.0)
    g = 255 * (x / w)
    b = np.where(((x // 24) + (y // 24)) % 2 == 0, 220.0, 30.0)
    img = np.stack([r, g, b], axis=-1) + rng.normal(0, 12, (h, w, 3))
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def s15(v):
    return struct.pack('>i', int(round(v * 65536)))


def icc_linear_rgb():
    """A minimal ICC v2 display profile: sRGB primaries but gamma 1.0, so honouring it changes pixels a lot."""
    def xyz(x, y, z):
        return b'XYZ ' + b'\0' * 4 + s15(x) + s15(y) + s15(z)
    desc_text = b'linear test RGB\0'
    desc = b'desc' + b'\0' * 4 + struct.pack('>I', len(desc_text)) + desc_text + b'\0' * 4 + b'\0' * 4 + b'\0' * 2 + b'\0' + b'\0' * 67
    curv = b'curv' + b'\0' * 4 + struct.pack('>I', 1) + struct.pack('>H', 256) + b'\0' * 2
    tags = [
        (b'desc', desc),
        (b'wtpt', xyz(0.9642, 1.0, 0.8249)),
        (b'rXYZ', xyz(0.4361, 0.2225, 0.0139)),
        (b'gXYZ', xyz(0.3851, 0.7169, 0.0971)),
        (b'bXYZ', xyz(0.1431, 0.0606, 0.7141)),
        (b'rTRC', curv), (b'gTRC', curv), (b'bTRC', curv),
        (b'cprt', b'text' + b'\0' * 4 + b'public domain\0\0\0'),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b'', b''
    for sig, body in tags:
        body += b'\0' * (-len(body) % 4)
        table += sig + struct.pack('>II', offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (struct.pack('>I', size) + b'\0' * 4 + bytes([2, 0x10, 0, 0]) + b'mntr' + b'RGB ' + b'XYZ '
              + b'\0' * 12 + b'acsp' + b'\0' * 4 + b'\0' * 4 + b'\0' * 8 + b'\0' * 8 + b'\0' * 4
              + s15(0.9642) + s15(1.0) + s15(0.8249) + b'\0' * 4 + b'\0' * 16 + b'\0' * 28)
    assert len(header) == 128
    return header + struct.pack('>I', len(tags)) + table + data


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    sources = {}
    Image.fromarray(pattern(200, 300, 1)).save(OUT / 'landscape.jpg', quality=90)
    Image.fromarray(pattern(301, 225, 2)).save(OUT / 'portrait-odd.png')
    rgba = np.concatenate([pattern(160, 160, 3), np.full((160, 160, 1), 128, np.uint8)], axis=-1)
    Image.fromarray(rgba, 'RGBA').save(OUT / 'rgba.png')
    Image.fromarray(pattern(240, 260, 4)[:, :, 1]).save(OUT / 'gray.jpg', quality=92)
    Image.fromarray(pattern(230, 250, 5)).save(OUT / 'icc-linear.jpg', quality=92, icc_profile=icc_linear_rgb())
    raw = pattern(32, 32, 6)
    np.save(OUT / 'raw-32x32.npy', raw)
    for name in ['landscape.jpg', 'portrait-odd.png', 'rgba.png', 'gray.jpg', 'icc-linear.jpg']:
        sources[name] = Image.open(OUT / name).convert('RGB')
    sources['raw-32x32.npy'] = Image.fromarray(raw)

    crop = transforms.Compose([
        transforms.Resize(224, interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(224),
    ])
    for name, img in sources.items():
        np.save(OUT / f'{name}.ref.npy', np.asarray(crop(img), dtype=np.uint8))
    full = transforms.Compose([crop, transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    np.save(OUT / 'landscape.jpg.ref-normalized.npy', full(sources['landscape.jpg']).numpy().astype(np.float32))
    print(f'torchvision {torchvision.__version__}, PIL {Image.__version__}: wrote {len(sources)} references to {OUT}')


if __name__ == '__main__':
    main()
