import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { LoadedImage } from '../datasets/types';
import { readNpy } from '../npy/npy';
import { squareGeometry } from './few-shot';
import { decodeAndCrop, ImageDecodeError, preprocessInto, preprocessingKey, writeChw } from './preprocess';
import { testVectors } from '../test-vectors';

// References from Pillow 9.4 / torchvision 0.14: scripts/reference/few_shot_preprocess_refs.py.
const dir = testVectors('images');
const fewShotDir = join(dir, 'few-shot');

function load(name: string): LoadedImage {
  if (name.endsWith('.npy')) {
    const raw = readNpy(join(dir, name));
    return { kind: 'raw', data: raw.data as Uint8Array, width: raw.shape[1]!, height: raw.shape[0]!, channels: 3 };
  }
  return { kind: 'encoded', bytes: readFileSync(join(name.startsWith('chestx-') ? fewShotDir : dir, name)) };
}

/** A reference crop, stored as a lossless PNG. */
async function reference(file: string): Promise<Uint8Array> {
  const { data, info } = await sharp(readFileSync(join(fewShotDir, file)), { ignoreIcc: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  expect([info.width, info.height, info.channels]).toEqual([224, 224, 3]);
  return data;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe('few-shot preprocessing parity with the official few-shot code (Pillow + torchvision)', () => {
  // Tolerance: 0 levels, as the linear path: Pillow's bilinear filter in its own fixed point.
  it.each([
    'landscape.jpg',
    'portrait-odd.png',
    'rgba.png',
    'gray.jpg',
    'icc-linear.jpg',
    'raw-32x32.npy',
    'chestx-gray-1024.png',
  ])('%s: Resize([257, 257]) bilinear + CenterCrop(224) equals torchvision pixel for pixel', async (name) => {
    const got = await decodeAndCrop(load(name), name, { preprocessing: 'few-shot' });
    expect(maxAbsDiff(got, await reference(`${name}.few-shot.ref.png`))).toBe(0);
  });

  it.each([
    'chestx-gray-1024.png',
    'chestx-gray.png',
    'chestx-rgb.png',
    'chestx-rgba.png',
    'chestx-la.png',
    'chestx-rgba-256.png',
    'chestx-gray.jpg',
  ])(
    "%s: Image.open(f).resize((256, 256)).convert('RGB'), then the few-shot transform, equals Pillow pixel for pixel",
    async (name) => {
      const got = await decodeAndCrop(load(name), name, { preprocessing: 'few-shot-chestx' });
      expect(maxAbsDiff(got, await reference(`${name}.few-shot-chestx.ref.png`))).toBe(0);
    },
  );

  it('checks which filter Image.resize used by default: BICUBIC for every ChestX mode (L, LA, RGB, RGBA)', () => {
    const refs = JSON.parse(readFileSync(join(fewShotDir, 'refs.json'), 'utf8')) as {
      defaultResizeFilter: Record<string, { mode: string; filters: string[] }>;
    };
    for (const [name, found] of Object.entries(refs.defaultResizeFilter)) {
      // An image already 256×256 is copied, so every filter "matches" it.
      if (name !== 'chestx-rgba-256.png') expect(found.filters, name).toEqual(['BICUBIC']);
    }
    expect(new Set(Object.values(refs.defaultResizeFilter).map((f) => f.mode))).toEqual(
      new Set(['L', 'LA', 'RGB', 'RGBA']),
    );
  });

  it('differs measurably from the linear preprocessing on the same images', async () => {
    for (const name of ['landscape.jpg', 'portrait-odd.png', 'raw-32x32.npy']) {
      const fewShot = await decodeAndCrop(load(name), name, { preprocessing: 'few-shot' });
      const linear = await decodeAndCrop(load(name), name, { preprocessing: 'linear' });
      // Whole-image squash vs shorter-side crop: a different view of the image, not rounding.
      expect(meanAbsDiff(fewShot, linear), name).toBeGreaterThan(5);
    }
    const chestx = await decodeAndCrop(load('chestx-gray-1024.png'), 'x', { preprocessing: 'few-shot-chestx' });
    const plain = await decodeAndCrop(load('chestx-gray-1024.png'), 'x', { preprocessing: 'few-shot' });
    expect(maxAbsDiff(chestx, plain)).toBeGreaterThan(0);
  });

  it('crops a 257×257 image at (16, 16): round(16.5) goes to the even neighbour, as Python rounds', () => {
    expect(squareGeometry()).toEqual({ width: 257, height: 257, left: 16, top: 16 });
    expect(squareGeometry(256, 224)).toEqual({ width: 256, height: 256, left: 16, top: 16 });
  });

  it('normalises the crop as the linear path does (ToTensor + Normalize, checked there against torchvision)', async () => {
    const batch = new Float32Array(3 * 224 * 224);
    await preprocessInto(load('landscape.jpg'), 'landscape.jpg', batch, 0, {
      normalization: 'imagenet',
      preprocessing: 'few-shot',
    });
    const want = new Float32Array(3 * 224 * 224);
    writeChw(await reference('landscape.jpg.few-shot.ref.png'), want, 0, 'imagenet');
    expect(maxAbsDiff(batch, want)).toBe(0);
  });

  it('keys caches by the preprocessing (the linear key unchanged, so existing caches stay valid)', () => {
    expect(preprocessingKey({ normalization: 'imagenet' })).toBe('resize224-bicubic-crop224-imagenet-noicc');
    const keys = (['linear', 'few-shot', 'few-shot-chestx'] as const).map((p) =>
      preprocessingKey({ normalization: 'imagenet', preprocessing: p }),
    );
    expect(new Set(keys).size).toBe(3);
  });

  it('refuses ChestX images Pillow would resample another way, naming the file', async () => {
    const gray16 = await sharp(Buffer.alloc(40 * 40 * 2, 0x80), {
      raw: { width: 40, height: 40, channels: 1, premultiplied: false },
    })
      .toColourspace('grey16')
      .png()
      .toBuffer();
    await expect(
      decodeAndCrop({ kind: 'encoded', bytes: gray16 }, 'images/00000001_000.png', {
        preprocessing: 'few-shot-chestx',
      }),
    ).rejects.toThrow(/^images\/00000001_000\.png: cannot decode the image \(PNG of bit depth 16: .*8-bit PNGs\)/);
    const palette = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#208040' } })
      .png({ palette: true })
      .toBuffer();
    await expect(
      decodeAndCrop({ kind: 'encoded', bytes: palette }, 'p.png', { preprocessing: 'few-shot-chestx' }),
    ).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(
      decodeAndCrop({ kind: 'encoded', bytes: Buffer.from('not an image') }, 'n.png', {
        preprocessing: 'few-shot-chestx',
      }),
    ).rejects.toBeInstanceOf(ImageDecodeError);
  });
});
