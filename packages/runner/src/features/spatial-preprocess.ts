import type { Normalization } from '@transferboard/suite/types';
import type { LoadedImage } from '../datasets/types';
import { decodeImage, writeChw } from '../images/preprocess';
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

/** Decode, warp to size×size and write the normalised CHW tensor into `out` at `offset`. */
export async function warpInto(
  image: LoadedImage,
  file: string,
  size: number,
  normalization: Normalization,
  out: Float32Array,
  offset: number,
): Promise<void> {
  const rgb = await decodeImage(image, file);
  const pixels = resizeCropBicubic(rgb.data, rgb.width, rgb.height, {
    width: size,
    height: size,
    left: 0,
    top: 0,
    cropWidth: size,
    cropHeight: size,
  });
  writeChw(pixels, out, offset, normalization);
}
