#!/usr/bin/python3
"""Reference crops for the runner's few-shot preprocessing, from Pillow and torchvision themselves.

The official few-shot code (linusericsson/ssl-transfer) transforms every image with
TransformLoader.get_composed_transform(aug=False): ['Scale', 'CenterCrop', 'ToTensor', 'Normalize']
with Scale -> transforms.Scale([int(224 * 1.15)] * 2) = Resize([257, 257]) (bilinear, the aspect
ratio not kept) and CenterCrop(224) (datasets/few_shot_dataset.py lines 141-179; the same
TransformLoader in datasets/cropdiseases.py, eurosat.py, isic.py, chestx.py). ChestX images are
first opened as Image.open(path).resize((256, 256)).convert('RGB') (datasets/chestx.py line 87).
`transforms.Scale` is the old name of `transforms.Resize` (removed in torchvision 0.12), so this
script uses Resize.

Writes into packages/runner/test-vectors/images/few-shot/:
  - ChestX-like PNG/JPEG sources (8-bit gray at 1024x1024 as ChestX-ray14 ships them, gray with a
    tRNS chunk, RGB, translucent RGBA and LA, an RGBA image already 256x256, a gray JPEG);
  - <source>.few-shot.ref.png: the 224x224 RGB crop of the few-shot transform (stored as a
    lossless PNG to keep the repository small), for the linear path's test images
    (../landscape.jpg, ...) and the 1024x1024 ChestX-like one;
  - <source>.few-shot-chestx.ref.png: the crop after the ChestX loader, for every ChestX-like source;
  - refs.json: versions, and which filter Image.resize used by default (checked, not assumed).
ToTensor + Normalize is the linear path's code, checked there against torchvision.

Run with Debian's python3 (apt: python3-pil python3-torchvision):
  /usr/bin/python3 scripts/reference/few_shot_preprocess_refs.py
"""
import json
from pathlib import Path

import numpy as np
import torchvision
from PIL import Image
from torchvision import transforms

IMAGES = Path(__file__).resolve().parents[2] / 'packages/runner/test-vectors/images'
OUT = IMAGES / 'few-shot'
LINEAR_SOURCES = ['landscape.jpg', 'portrait-odd.png', 'rgba.png', 'gray.jpg', 'icc-linear.jpg', 'raw-32x32.npy']

FEW_SHOT = transforms.Compose([transforms.Resize([int(224 * 1.15), int(224 * 1.15)]), transforms.CenterCrop(224)])


def save_crop(img, path):
    """The crop's pixels only: a PNG written from the image itself would carry its source's ICC profile."""
    Image.fromarray(np.asarray(img, dtype=np.uint8), 'RGB').save(path)


def smooth(h, w, seed):
    """Gradients and hard edges without noise: compresses well, so a 1024x1024 source stays small."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    phase = seed * 0.7
    v = 128 + 90 * np.sin(x / (31.0 + seed) + phase) * np.cos(y / 47.0) + 30 * (x / w)
    v = np.where(((x // 53) + (y // 41)) % 2 == 0, v, 255 - v)
    return np.clip(np.round(v), 0, 255).astype(np.uint8)


def noisy(h, w, seed):
    """Some noise: rounding differences show up; little of it: the files stay small."""
    rng = np.random.RandomState(seed)
    return np.clip(smooth(h, w, seed).astype(np.int64) + rng.randint(-4, 5, (h, w)), 0, 255).astype(np.uint8)


def alpha_ramp(h, w):
    """Every alpha from 0 to 255 appears, 0 and 255 in bands (Pillow copies those unchanged)."""
    y, x = np.mgrid[0:h, 0:w]
    a = (x * 255) // (w - 1)
    a = np.where(y < h // 6, 0, np.where(y > 5 * h // 6, 255, a))
    return a.astype(np.uint8)


def write_chestx_sources():
    sources = {}
    Image.fromarray(smooth(1024, 1024, 1), 'L').save(OUT / 'chestx-gray-1024.png')
    Image.fromarray(noisy(190, 210, 2), 'L').save(OUT / 'chestx-gray.png', transparency=7)
    rgb = np.stack([noisy(150, 140, 3), smooth(150, 140, 4), noisy(150, 140, 5)], axis=-1)
    Image.fromarray(rgb, 'RGB').save(OUT / 'chestx-rgb.png')
    Image.fromarray(np.concatenate([rgb, alpha_ramp(150, 140)[..., None]], axis=-1), 'RGBA').save(OUT / 'chestx-rgba.png')
    la = np.stack([noisy(130, 100, 6), alpha_ramp(130, 100)], axis=-1)
    Image.fromarray(la, 'LA').save(OUT / 'chestx-la.png')
    rgba256 = np.concatenate([np.stack([noisy(256, 256, s) for s in (7, 8, 9)], axis=-1), alpha_ramp(256, 256)[..., None]], axis=-1)
    Image.fromarray(rgba256, 'RGBA').save(OUT / 'chestx-rgba-256.png')
    Image.fromarray(noisy(170, 160, 10), 'L').save(OUT / 'chestx-gray.jpg', quality=92)
    for name in ['chestx-gray-1024.png', 'chestx-gray.png', 'chestx-rgb.png', 'chestx-rgba.png', 'chestx-la.png',
                 'chestx-rgba-256.png', 'chestx-gray.jpg']:
        sources[name] = OUT / name
    return sources


def default_resize_filter(path):
    """Which filter Image.resize((256, 256)) used on this image: compared with each explicit one."""
    im = Image.open(path)
    default = np.asarray(im.resize((256, 256)))
    names = [name for name, f in [('BICUBIC', Image.BICUBIC), ('BILINEAR', Image.BILINEAR), ('NEAREST', Image.NEAREST),
                                  ('LANCZOS', Image.LANCZOS), ('BOX', Image.BOX), ('HAMMING', Image.HAMMING)]
             if np.array_equal(default, np.asarray(im.resize((256, 256), f)))]
    return {'mode': im.mode, 'filters': names}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    chestx = write_chestx_sources()
    refs = {'pillow': Image.__version__, 'torchvision': torchvision.__version__, 'defaultResizeFilter': {}}
    for name, path in chestx.items():
        refs['defaultResizeFilter'][name] = default_resize_filter(path)
        # The official ChestX loader, then the few-shot transform.
        img = Image.open(path).resize((256, 256)).convert('RGB')
        save_crop(FEW_SHOT(img), OUT / f'{name}.few-shot-chestx.ref.png')
    save_crop(FEW_SHOT(Image.open(chestx['chestx-gray-1024.png']).convert('RGB')), OUT / 'chestx-gray-1024.png.few-shot.ref.png')
    for name in LINEAR_SOURCES:
        img = Image.fromarray(np.load(IMAGES / name)) if name.endswith('.npy') else Image.open(IMAGES / name).convert('RGB')
        save_crop(FEW_SHOT(img), OUT / f'{name}.few-shot.ref.png')
    (OUT / 'refs.json').write_text(json.dumps(refs, indent=2) + '\n')
    print(f"torchvision {torchvision.__version__}, Pillow {Image.__version__}: wrote {len(chestx) + len(LINEAR_SOURCES) + 1} "
          f"references to {OUT}; Image.resize default: {refs['defaultResizeFilter']['chestx-gray-1024.png']}")


if __name__ == '__main__':
    main()
