import sharp from 'sharp';
import type { LoadedImage } from '../datasets/types';
import { ImageDecodeError, writeChw, type Normalization } from '../images/preprocess';
import { resizeCropBicubic } from '../images/resample';

/**
 * Dense tasks need the feature maps to cover the whole image (a centre crop would cut objects
 * and normal pixels off), so the image is warped to size×size with Pillow's bicubic filter
 * (torchvision Resize((size, size))), no crop. A map cell then covers W/w × H/h original pixels.
 * Decoding follows the classification transform: ICC profiles and EXIF orientation ignored.
 */
export function spatialPreprocessingKey(size: number, normalization: Normalization): string {
  return `warp${size}x${size}-bicubic-nocrop-${normalization}-noicc`;
}

async function decodeRgb(image: LoadedImage): Promise<{ data: Uint8Array; width: number; height: number }> {
  if (image.kind === 'raw') {
    const { width, height, channels, data } = image;
    if (data.length !== width * height * channels) throw new Error(`raw buffer holds ${data.length} bytes, expected ${width}×${height}×${channels}`);
    if (channels === 3) return { data, width, height };
    const rgb = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = data[i]!;
    return { data: rgb, width, height };
  }
  const input = sharp(image.bytes, { ignoreIcc: true });
  const meta = await input.metadata();
  if (meta.format !== 'jpeg' && meta.format !== 'png') throw new Error(`format '${meta.format ?? 'unknown'}' is not JPEG or PNG`);
  const { data, info } = await input.removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Decode, warp to size×size and write the normalised CHW tensor into `out` at `offset`. */
export async function warpInto(image: LoadedImage, file: string, size: number, normalization: Normalization, out: Float32Array, offset: number): Promise<void> {
  let rgb: { data: Uint8Array; width: number; height: number };
  try {
    rgb = await decodeRgb(image);
  } catch (err) {
    throw new ImageDecodeError(file, (err as Error).message.split('\n')[0] ?? 'unknown error');
  }
  const pixels = resizeCropBicubic(rgb.data, rgb.width, rgb.height, { width: size, height: size, left: 0, top: 0, cropWidth: size, cropHeight: size });
  writeChw(pixels, out, offset, normalization);
}
