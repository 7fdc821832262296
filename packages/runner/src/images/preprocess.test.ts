import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { LoadedImage } from '../datasets/types';
import { readNpy } from '../npy/npy';
import { decodeAndCrop, ImageDecodeError, preprocessInto, resizeGeometry, writeChw } from './preprocess';
import { testVectors } from '../test-vectors';

// References from torchvision 0.14 / Pillow 9.4: scripts/reference/preprocess_reference.py.
const dir = testVectors('images');

function load(name: string): LoadedImage {
  if (name.endsWith('.npy')) {
    const raw = readNpy(join(dir, name));
    return { kind: 'raw', data: raw.data as Uint8Array, width: raw.shape[1]!, height: raw.shape[0]!, channels: 3 };
  }
  return { kind: 'encoded', bytes: readFileSync(join(dir, name)) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('image preprocessing parity with torchvision', () => {
  // Tolerance: 0 levels. Pillow's bicubic filter is reproduced in its own fixed point, so the
  // crop is bit-identical for JPEG, PNG, odd sizes (banker's-rounded crop offset), RGBA,
  // grayscale, enlargement (raw 32×32 CIFAR-like pixels) and an embedded ICC profile.
  it.each(['landscape.jpg', 'portrait-odd.png', 'rgba.png', 'gray.jpg', 'icc-linear.jpg', 'raw-32x32.npy'])(
    '%s: resize 224 bicubic + centre crop equals torchvision pixel for pixel',
    async (name) => {
      const ref = readNpy(join(dir, `${name}.ref.npy`));
      expect(ref.shape).toEqual([224, 224, 3]);
      const got = await decodeAndCrop(load(name), name);
      expect(maxAbsDiff(got, ref.data as Uint8Array)).toBe(0);
    },
  );

  it('normalised CHW float32 matches ToTensor + Normalize within 1e-6', async () => {
    const ref = readNpy(join(dir, 'landscape.jpg.ref-normalized.npy'));
    expect(ref.shape).toEqual([3, 224, 224]);
    const batch = new Float32Array(2 * 3 * 224 * 224).fill(Number.NaN);
    await preprocessInto(load('landscape.jpg'), 'landscape.jpg', batch, 3 * 224 * 224, { normalization: 'imagenet' });
    expect(maxAbsDiff(batch.subarray(3 * 224 * 224), ref.data as Float32Array)).toBeLessThan(1e-6);
    // The first slot of the batch is untouched.
    expect(Number.isNaN(batch[0])).toBe(true);
  });

  it('ignores the embedded ICC profile on purpose: honouring it would move pixels far from the reference', async () => {
    const bytes = readFileSync(join(dir, 'icc-linear.jpg'));
    expect((await sharp(bytes).metadata()).icc).toBeDefined();
    const honoured = await sharp(bytes).toColourspace('srgb').raw().toBuffer();
    const ignored = await sharp(bytes, { ignoreIcc: true }).raw().toBuffer();
    expect(maxAbsDiff(honoured, ignored)).toBeGreaterThan(50);
  });

  it("'none' normalisation gives x/255", () => {
    const out = new Float32Array(3 * 4);
    writeChw(new Uint8Array([0, 51, 255, 255, 0, 0, 10, 20, 30, 40, 50, 60]), out, 0, 'none');
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 1, 10 / 255, 40 / 255].map(Math.fround));
  });

  it('follows torchvision geometry: truncated long side, banker-rounded crop offset', () => {
    expect(resizeGeometry(300, 200)).toEqual({ width: 336, height: 224, left: 56, top: 0 });
    expect(resizeGeometry(225, 301)).toEqual({ width: 224, height: 299, left: 0, top: 38 }); // 37.5 → 38
    expect(resizeGeometry(224, 225)).toEqual({ width: 224, height: 225, left: 0, top: 0 }); // 0.5 → 0
    expect(resizeGeometry(32, 32)).toEqual({ width: 224, height: 224, left: 0, top: 0 });
  });

  it('names the file when an image is corrupt, truncated or not JPEG/PNG', async () => {
    const truncated = readFileSync(join(dir, 'landscape.jpg')).subarray(0, 2000);
    await expect(decodeAndCrop({ kind: 'encoded', bytes: truncated }, 'data/x/broken.jpg', {})).rejects.toThrow(
      /^data\/x\/broken\.jpg: cannot decode the image \(.+\); replace or remove the file, or pass --skip-corrupt/,
    );
    await expect(
      decodeAndCrop({ kind: 'encoded', bytes: Buffer.from('not an image') }, 'notes.jpg', {}),
    ).rejects.toBeInstanceOf(ImageDecodeError);
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    await expect(decodeAndCrop({ kind: 'encoded', bytes: gif }, 'anim.jpg', {})).rejects.toThrow(
      /anim\.jpg: .*format 'gif' is not JPEG or PNG/,
    );
    await expect(
      decodeAndCrop({ kind: 'raw', data: new Uint8Array(10), width: 4, height: 4, channels: 3 }, 'cifar#3', {}),
    ).rejects.toThrow(/cifar#3: .*raw buffer holds 10 bytes/);
  });
});
