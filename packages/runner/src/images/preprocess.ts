import sharp from 'sharp';
import type { LoadedImage } from '../datasets/types';
import { resizeCropBicubic } from './resample';

/**
 * The paper's evaluation transform, matched to torchvision's (what every published number was
 * computed with): PIL decode → convert('RGB') → Resize(224, BICUBIC) on the shorter side →
 * CenterCrop(224) → ToTensor → Normalize(ImageNet mean/std), or no normalisation for models
 * that declare so (SimCLR).
 *
 * Embedded ICC profiles are deliberately ignored: PIL (so torchvision, so every reference
 * number) never applies them, and applying them in sharp is ~2.5× slower and shifts pixels.
 * EXIF orientation is ignored for the same reason.
 */

export type Normalization = 'imagenet' | 'none';

export const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
export const IMAGENET_STD = [0.229, 0.224, 0.225] as const;

export interface PreprocessOptions {
  /** Shorter side after resizing (default 224). */
  resize?: number;
  /** Side of the square centre crop (default 224). */
  crop?: number;
  normalization: Normalization;
}

/** A preprocessing description stable enough to key caches with. */
export function preprocessingKey(opts: PreprocessOptions): string {
  return `resize${opts.resize ?? 224}-bicubic-crop${opts.crop ?? 224}-${opts.normalization}-noicc`;
}

export class ImageDecodeError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: cannot decode the image (${reason}); replace or remove the file, or pass --skip-corrupt to leave it out`);
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

/** Decode, resize and crop to `crop`×`crop`×3 interleaved uint8 RGB. */
export async function decodeAndCrop(image: LoadedImage, file: string, opts: Omit<PreprocessOptions, 'normalization'> = {}): Promise<Uint8Array> {
  const crop = opts.crop ?? 224;
  let rgb: { data: Uint8Array; width: number; height: number };
  try {
    rgb = image.kind === 'encoded' ? await decodeRgb(image.bytes) : rawRgb(image);
  } catch (err) {
    throw new ImageDecodeError(file, (err as Error).message.split('\n')[0] ?? 'unknown error');
  }
  const g = resizeGeometry(rgb.width, rgb.height, opts.resize ?? 224, crop);
  return resizeCropBicubic(rgb.data, rgb.width, rgb.height, { ...g, cropWidth: crop, cropHeight: crop });
}

/** Full-size 8-bit RGB, as PIL's Image.open(f).convert('RGB') gives (alpha dropped, gray replicated). */
async function decodeRgb(bytes: Buffer): Promise<{ data: Uint8Array; width: number; height: number }> {
  const input = sharp(bytes, { ignoreIcc: true });
  const meta = await input.metadata();
  if (meta.format !== 'jpeg' && meta.format !== 'png') throw new Error(`format '${meta.format ?? 'unknown'}' is not JPEG or PNG`);
  const { data, info } = await input.removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected RGB`);
  return { data, width: info.width, height: info.height };
}

function rawRgb(image: Extract<LoadedImage, { kind: 'raw' }>): { data: Uint8Array; width: number; height: number } {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels) throw new Error(`raw buffer holds ${data.length} bytes, expected ${width}×${height}×${channels}`);
  if (channels === 3) return { data, width, height };
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = data[i]!;
  return { data: rgb, width, height };
}

/**
 * Interleaved HWC uint8 → planar CHW float32 written straight into a batch buffer at `offset`,
 * with ToTensor's /255 and Normalize's (x - mean) / std folded into one multiply-add per value.
 */
export function writeChw(pixels: Uint8Array, out: Float32Array, offset: number, normalization: Normalization): void {
  const plane = pixels.length / 3;
  for (let c = 0; c < 3; c++) {
    // torchvision holds mean and std as float32 tensors.
    const mean = normalization === 'imagenet' ? Math.fround(IMAGENET_MEAN[c]!) : 0;
    const std = normalization === 'imagenet' ? Math.fround(IMAGENET_STD[c]!) : 1;
    // Same order of operations as torchvision: (x / 255 - mean) / std, in float32.
    const base = offset + c * plane;
    for (let i = 0; i < plane; i++) {
      out[base + i] = Math.fround(Math.fround(Math.fround(pixels[i * 3 + c]! / 255) - mean) / std);
    }
  }
}

/** Decode one image and write its normalised CHW tensor into `out` at `offset`. */
export async function preprocessInto(image: LoadedImage, file: string, out: Float32Array, offset: number, opts: PreprocessOptions): Promise<void> {
  writeChw(await decodeAndCrop(image, file, opts), out, offset, opts.normalization);
}
