/**
 * NYUv2 surface normals (the paper's dense task; 795 train / 654 test). No official archive ships
 * per-image normals: the ground truth (Ladicky et al.) comes as one pickle, all_normals.pklz, in
 * nyuv2_surfacenormal_metadata.zip, and the RGB images inside nyu_depth_v2_labeled.mat (v7.3).
 * The runner therefore reads this layout, which docs/datasets.md shows how to produce once:
 *
 *   DATA/nyuv2/surfacenormal_metadata/trainlist.txt, testlist.txt   (from the metadata zip, unchanged:
 *                                                      NYUv2 labeled-set image numbers, 1-based)
 *   DATA/nyuv2/rgb/<id:06d>.png                         RGB image
 *   DATA/nyuv2/normals/<id:06d>.npy                     float32 (H, W, 3) unit normals (x, y, z)
 *   DATA/nyuv2/normals/<id:06d>_valid.png               8-bit mask, non-zero where depth is valid
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { malformed } from './errors';
import { imageAt, lines, readRequiredText, requireTopDir } from './files';
import { NpyError, parseNpy } from '../npy/npy';
import type { ImageRef } from './types';

const FIX =
  'prepare the nyuv2 folder as docs/datasets.md describes (split lists from nyuv2_surfacenormal_metadata.zip, rgb/, normals/)';

export interface NormalMap {
  width: number;
  height: number;
  /** HxWx3 interleaved unit normals. */
  normals: Float32Array;
  /** HxW, 1 where the ground truth is valid. */
  valid: Uint8Array;
}

interface NormalsSample {
  id: string;
  image: ImageRef;
  normalsPath: string;
  maskPath: string;
  loadNormals(): Promise<NormalMap>;
}

export interface NormalsDataset {
  dataset: 'nyuv2';
  splits: { train: NormalsSample[]; test: NormalsSample[] };
}

export const nyuId = (n: number) => String(n).padStart(6, '0');

async function loadNormals(normalsPath: string, maskPath: string): Promise<NormalMap> {
  let arr: ReturnType<typeof parseNpy>;
  try {
    arr = parseNpy(await readFile(normalsPath), normalsPath);
  } catch (e) {
    if (e instanceof NpyError || (e as NodeJS.ErrnoException).code === 'ENOENT')
      throw malformed(normalsPath, `unreadable normals: ${(e as Error).message}`, FIX);
    throw e;
  }
  const [height, width, channels] = arr.shape;
  if (arr.shape.length !== 3 || channels !== 3 || (arr.dtype !== 'float32' && arr.dtype !== 'float64'))
    throw malformed(normalsPath, `expected a float (H, W, 3) array, got ${arr.dtype} (${arr.shape.join(', ')})`, FIX);
  const { data, info } = await sharp(maskPath)
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch(() => {
      throw malformed(maskPath, 'valid-mask PNG not found or unreadable', FIX);
    });
  if (info.width !== width || info.height !== height)
    throw malformed(maskPath, `mask is ${info.width}x${info.height}, normals are ${width}x${height}`, FIX);
  const valid = new Uint8Array(width! * height!);
  for (let i = 0; i < valid.length; i++) valid[i] = data[i * info.channels]! > 0 ? 1 : 0;
  return {
    width: width!,
    height: height!,
    normals: arr.data instanceof Float32Array ? arr.data : Float32Array.from(arr.data as Float64Array),
    valid,
  };
}

export async function readNyuv2Normals(root: string): Promise<NormalsDataset> {
  const meta = join(root, 'surfacenormal_metadata');
  await requireTopDir(meta, FIX);
  const split = async (file: string): Promise<NormalsSample[]> => {
    const path = join(meta, file);
    return lines(await readRequiredText(path, FIX)).map((line, n) => {
      const num = Number(line);
      if (!Number.isInteger(num) || num < 1)
        throw malformed(path, `line ${n + 1} ("${line}") is not an image number`, FIX);
      const id = nyuId(num);
      const normalsPath = join(root, 'normals', `${id}.npy`);
      const maskPath = join(root, 'normals', `${id}_valid.png`);
      return {
        id,
        image: imageAt(root, 'rgb', `${id}.png`),
        normalsPath,
        maskPath,
        loadNormals: () => loadNormals(normalsPath, maskPath),
      };
    });
  };
  return { dataset: 'nyuv2', splits: { train: await split('trainlist.txt'), test: await split('testlist.txt') } };
}
