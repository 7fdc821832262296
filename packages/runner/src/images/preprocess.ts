import sharp from 'sharp';
import type { Preprocessing } from '@transferboard/suite/protocols';
import type { Normalization } from '@transferboard/suite/types';
import type { LoadedImage } from '../datasets/types';
import { chestXResizeRgb, decodeMode, fewShotCrop } from './few-shot';
import { resizeCropBicubic } from './resample';

/**
 * The paper's evaluation transforms, matched to torchvision's (what every published number was
 * computed with). `linear` (linear.py): PIL decode → convert('RGB') → Resize(224, BICUBIC) on
 * the shorter side → CenterCrop(224) → ToTensor → Normalize(ImageNet mean/std), or no
 * normalisation for models that declare so (SimCLR). `few-shot` and `few-shot-chestx`: the
 * official few-shot code's transform (few-shot.ts): a 257×257 bilinear resize, ChestX images
 * first through `Image.resize((256, 256)).convert('RGB')`.
 *
 * Embedded ICC profiles are deliberately ignored: PIL (so torchvision, so every reference
 * number) never applies them, and applying them in sharp is ~2.5× slower and shifts pixels.
 * EXIF orientation is ignored for the same reason.
 */

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

export interface PreprocessOptions {
  /** Which transform (default `linear`); the task's protocol names it. */
  preprocessing?: Preprocessing;
  /** `linear` only: shorter side after resizing (default 224). */
  resize?: number;
  /** Side of the square centre crop (default 224). */
  crop?: number;
  normalization: Normalization;
}

/** A preprocessing description stable enough to key caches with (the linear key is the historical one). */
export function preprocessingKey(opts: PreprocessOptions): string {
  const crop = opts.crop ?? 224;
  const tail = `crop${crop}-${opts.normalization}-noicc`;
  switch (opts.preprocessing ?? 'linear') {
    case 'linear':
      return `resize${opts.resize ?? 224}-bicubic-${tail}`;
    case 'few-shot':
      return `few-shot-resize257x257-bilinear-${tail}`;
    case 'few-shot-chestx':
      return `few-shot-chestx-resize256x256-bicubic-rgb-resize257x257-bilinear-${tail}`;
  }
}

export class ImageDecodeError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `${file}: cannot decode the image (${reason}); replace or remove the file, or pass --skip-corrupt to leave it out`,
    );
    this.name = 'ImageDecodeError';
  }
}

export interface Geometry {
  width: number;
  height: number;
  left: number;
  top: number;
}

/** Python 3's round(): halves go to the even neighbour. torchvision's CenterCrop uses it. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torchvision 0.14's Resize(int) and CenterCrop geometry, including its truncation and rounding. */
export function resizeGeometry(srcWidth: number, srcHeight: number, resize = 224, crop = 224): Geometry {
  const portrait = srcWidth <= srcHeight;
  const short = portrait ? srcWidth : srcHeight;
  const long = portrait ? srcHeight : srcWidth;
  const newLong = Math.trunc((resize * long) / short);
  const width = portrait ? resize : newLong;
  const height = portrait ? newLong : resize;
  return { width, height, left: roundHalfEven((width - crop) / 2), top: roundHalfEven((height - crop) / 2) };
}

/** Full-size 8-bit RGB of an encoded or raw image; any failure is an ImageDecodeError naming `file`. */
export async function decodeImage(
  image: LoadedImage,
  file: string,
): Promise<{ data: Uint8Array; width: number; height: number }> {
  try {
    return image.kind === 'encoded' ? await decodeRgb(image.bytes) : rawRgb(image);
  } catch (err) {
    throw new ImageDecodeError(file, (err as Error).message.split('\n')[0] ?? 'unknown error');
  }
}

/** Decode, resize and crop to `crop`×`crop`×3 interleaved uint8 RGB, as `opts.preprocessing` says. */
export async function decodeAndCrop(
  image: LoadedImage,
  file: string,
  opts: Omit<PreprocessOptions, 'normalization'> = {},
): Promise<Uint8Array> {
  const crop = opts.crop ?? 224;
  const preprocessing = opts.preprocessing ?? 'linear';
  if (preprocessing === 'few-shot-chestx') return fewShotCrop(chestXResizeRgb(await decodeChestX(image, file)), crop);
  const rgb = await decodeImage(image, file);
  if (preprocessing === 'few-shot') return fewShotCrop(rgb, crop);
  const g = resizeGeometry(rgb.width, rgb.height, opts.resize ?? 224, crop);
  return resizeCropBicubic(rgb.data, rgb.width, rgb.height, { ...g, cropWidth: crop, cropHeight: crop });
}

async function decodeChestX(image: LoadedImage, file: string): ReturnType<typeof decodeMode> {
  try {
    return await decodeMode(image);
  } catch (err) {
    throw new ImageDecodeError(file, (err as Error).message.split('\n')[0] ?? 'unknown error');
  }
}

const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * Full-size 8-bit RGB, as PIL's Image.open(f).convert('RGB') gives (alpha dropped, gray replicated).
 * The format is read from the first bytes rather than a metadata() round trip (a second libvips
 * header parse per image); only a file that is neither JPEG nor PNG pays for one, to name its
 * format. Sequential access lets libvips stream the decode into the output instead of first
 * decoding into a random-access copy (same pixels; 5–15 % less time here, near the noise).
 */
export async function decodeRgb(bytes: Buffer): Promise<{ data: Uint8Array; width: number; height: number }> {
  if (!startsWith(bytes, JPEG_MAGIC) && !startsWith(bytes, PNG_MAGIC)) {
    const meta = await sharp(bytes).metadata();
    throw new Error(`format '${meta.format ?? 'unknown'}' is not JPEG or PNG`);
  }
  const { data, info } = await sharp(bytes, { ignoreIcc: true, sequentialRead: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected RGB`);
  return { data, width: info.width, height: info.height };
}

function rawRgb(image: Extract<LoadedImage, { kind: 'raw' }>): { data: Uint8Array; width: number; height: number } {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels)
    throw new Error(`raw buffer holds ${data.length} bytes, expected ${width}×${height}×${channels}`);
  if (channels === 3) return { data, width, height };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = data[i]!;
  return { data: rgb, width, height };
}

/**
 * (x / 255 − mean) / std for every byte value x, per channel, in float32 with torchvision's order
 * of operations and rounding at each step (it holds mean and std as float32 tensors). A lookup
 * gives exactly the values the arithmetic would, at a third of the cost.
 */
function normalizationTable(normalization: Normalization): Float32Array {
  const table = new Float32Array(3 * 256);
  for (let c = 0; c < 3; c++) {
    const mean = normalization === 'imagenet' ? Math.fround(IMAGENET_MEAN[c]!) : 0;
    const std = normalization === 'imagenet' ? Math.fround(IMAGENET_STD[c]!) : 1;
    for (let x = 0; x < 256; x++) table[c * 256 + x] = Math.fround(Math.fround(Math.fround(x / 255) - mean) / std);
  }
  return table;
}

const tables: Record<Normalization, Float32Array> = {
  imagenet: normalizationTable('imagenet'),
  none: normalizationTable('none'),
};

/**
 * Interleaved HWC uint8 → planar CHW float32 written straight into a batch buffer at `offset`,
 * with ToTensor's /255 and Normalize's (x - mean) / std, in one pass over the pixels.
 */
export function writeChw(pixels: Uint8Array, out: Float32Array, offset: number, normalization: Normalization): void {
  const table = tables[normalization];
  const plane = pixels.length / 3;
  const g = offset + plane;
  const b = g + plane;
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[offset + i] = table[pixels[p]!]!;
    out[g + i] = table[256 + pixels[p + 1]!]!;
    out[b + i] = table[512 + pixels[p + 2]!]!;
  }
}

/** Decode one image and write its normalised CHW tensor into `out` at `offset`. */
export async function preprocessInto(
  image: LoadedImage,
  file: string,
  out: Float32Array,
  offset: number,
  opts: PreprocessOptions,
): Promise<void> {
  writeChw(await decodeAndCrop(image, file, opts), out, offset, opts.normalization);
}
