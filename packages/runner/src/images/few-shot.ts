import sharp from 'sharp';
import type { LoadedImage } from '../datasets/types';
import type { Geometry } from './preprocess';
import { resizeCrop } from './resample';

/**
 * The official few-shot code's image transform (ssl-transfer datasets/few_shot_dataset.py and
 * the CD-FSL loaders, TransformLoader with aug=False: Scale → CenterCrop → ToTensor → Normalize):
 * `transforms.Scale([int(224 * 1.15)] * 2)`, a resize to 257×257 with torchvision's default
 * bilinear filter that ignores the aspect ratio, then `CenterCrop(224)`.
 *
 * ChestX (datasets/chestx.py, CustomDatasetFromImages.__getitem__) first runs
 * `Image.open(path).resize((256, 256)).convert('RGB')`. `Image.resize` without a filter uses
 * BICUBIC since Pillow 7.0 for every mode but "1", "P" and the bit-packed ";" modes; ChestX-ray14
 * PNGs are 8-bit grayscale ("L"), a few RGBA. RGBA and LA images are resized premultiplied by
 * alpha (Pillow converts to RGBa / La and back, with its own rounding), and an image already
 * 256×256 is copied, not resampled. Both are reproduced here; modes Pillow would resample with
 * NEAREST (palette, 1-bit) or in 32 bits (16-bit PNGs) are refused, not approximated.
 */

export const FEW_SHOT_RESIZE = 257;
export const CHESTX_RESIZE = 256;

/** Python 3's round() (halves to even), as torchvision's CenterCrop uses it. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Resize((s, s)) then CenterCrop(crop): the crop of a 257×257 image starts at round(16.5) = 16. */
export function squareGeometry(size = FEW_SHOT_RESIZE, crop = 224): Geometry {
  const offset = roundHalfEven((size - crop) / 2);
  return { width: size, height: size, left: offset, top: offset };
}

/** Resize interleaved RGB to 257×257 with Pillow's bilinear filter and return the 224×224 centre crop. */
export function fewShotCrop(rgb: { data: Uint8Array; width: number; height: number }, crop = 224): Uint8Array {
  const g = squareGeometry(FEW_SHOT_RESIZE, crop);
  return resizeCrop(rgb.data, rgb.width, rgb.height, { ...g, cropWidth: crop, cropHeight: crop }, 'bilinear');
}

/** A decoded image in the mode Pillow would open it in: 1 (L), 2 (LA), 3 (RGB) or 4 (RGBA) channels. */
export interface ModeImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Colour type and bit depth from a PNG's IHDR (always the first chunk), or null for other formats. */
function pngHeader(bytes: Uint8Array): { colorType: number; bitDepth: number } | null {
  if (bytes.length < 29 || !PNG_MAGIC.every((b, i) => bytes[i] === b)) return null;
  return { bitDepth: bytes[24]!, colorType: bytes[25]! };
}

const PNG_COLOUR_CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decode as Pillow's Image.open would see the image: gray as one channel, alpha where the mode
 * has it. libvips hands gray out as sRGB (three equal bands) and adds an alpha band for a PNG
 * tRNS chunk, which does not make Pillow's mode LA/RGBA; the bands Pillow's mode has are kept.
 * A JPEG is RGB (a gray one has three equal bands, which resample exactly as one).
 */
export async function decodeMode(image: LoadedImage): Promise<ModeImage> {
  if (image.kind === 'raw')
    return { data: image.data, width: image.width, height: image.height, channels: image.channels };
  const png = pngHeader(image.bytes);
  let wanted: ModeImage['channels'] = 3;
  if (png) {
    if (png.colorType === 3)
      throw new Error(
        'palette PNG: Image.resize would resample it with NEAREST; the ChestX pipeline takes 8-bit gray, gray+alpha, RGB or RGBA',
      );
    const channels = PNG_COLOUR_CHANNELS[png.colorType];
    if (png.bitDepth !== 8 || channels === undefined) {
      throw new Error(
        `PNG of bit depth ${png.bitDepth}: Pillow opens it in a mode the official ChestX loader resamples differently; the ChestX pipeline takes 8-bit PNGs`,
      );
    }
    wanted = channels;
  }
  const { data, info } = await sharp(image.bytes, { ignoreIcc: true, sequentialRead: true })
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const decoded = info.channels as number;
  const hasAlpha = decoded === 2 || decoded === 4;
  // Source band of each wanted band: gray from the first band, colour from the first three, alpha from the last.
  const bands = { 1: [0], 2: [0, decoded - 1], 3: [0, 1, 2], 4: [0, 1, 2, 3] }[wanted];
  if (((wanted === 2 || wanted === 4) && !hasAlpha) || (wanted >= 3 && decoded < 3))
    throw new Error(`decoded to ${decoded} channels, expected ${wanted}`);
  if (decoded === wanted) return { data, width: info.width, height: info.height, channels: wanted };
  const n = info.width * info.height;
  const out = new Uint8Array(n * wanted);
  for (let i = 0; i < n; i++) for (let c = 0; c < wanted; c++) out[i * wanted + c] = data[i * decoded + bands[c]!]!;
  return { data: out, width: info.width, height: info.height, channels: wanted };
}

/** (a · b + 127) / 255 as Pillow computes it (ImagingUtils.h MULDIV255). */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

/**
 * `Image.resize((size, size))` with its default BICUBIC, then `.convert('RGB')`: interleaved RGB
 * out. Gray is resampled as three equal channels (the 8-bit passes treat each band alike), alpha
 * images premultiplied as Pillow does.
 */
export function chestXResizeRgb(
  img: ModeImage,
  size = CHESTX_RESIZE,
): { data: Uint8Array; width: number; height: number } {
  const { width, height, channels, data } = img;
  const n = width * height;
  const rgb = new Uint8Array(n * 3);
  const alpha = channels === 2 || channels === 4 ? new Uint8Array(n * 3) : null;
  for (let i = 0; i < n; i++) {
    const a = alpha ? data[i * channels + channels - 1]! : 255;
    for (let c = 0; c < 3; c++) {
      const v = channels >= 3 ? data[i * channels + c]! : data[i * channels]!;
      rgb[i * 3 + c] = alpha ? mulDiv255(v, a) : v;
    }
    if (alpha) alpha[i * 3] = alpha[i * 3 + 1] = alpha[i * 3 + 2] = a;
  }
  // Image.resize returns a copy when the size is already right: no resampling, no premultiply round trip.
  if (width === size && height === size) return { data: alpha ? straightRgb(data, channels, n) : rgb, width, height };
  const g = { width: size, height: size, left: 0, top: 0, cropWidth: size, cropHeight: size };
  const out = resizeCrop(rgb, width, height, g, 'bicubic');
  if (!alpha) return { data: out, width: size, height: size };
  const a = resizeCrop(alpha, width, height, g, 'bicubic');
  // Back from premultiplied (Convert.c rgba2rgbA / la2lA): alpha 0 or 255 keeps the value.
  for (let i = 0; i < size * size; i++) {
    const ai = a[i * 3]!;
    if (ai === 255 || ai === 0) continue;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.min(255, Math.floor((255 * out[i * 3 + c]!) / ai));
  }
  return { data: out, width: size, height: size };
}

/** convert('RGB') of an LA or RGBA image: alpha dropped, gray replicated. */
function straightRgb(data: Uint8Array, channels: number, n: number): Uint8Array {
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++) rgb[i * 3 + c] = data[i * channels + (channels >= 3 ? c : 0)]!;
  return rgb;
}
