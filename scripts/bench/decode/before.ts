/**
 * The runner's preprocessing as it was before the per-core speed-up (commit c43f4ab), kept only
 * so the decode benchmark can show before and after side by side in one run. Not product code.
 */
import sharp from 'sharp';
import { resizeGeometry } from '../../../packages/runner/src/images/preprocess';
const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);
const CLIP_HIGH = 256 * ONE;

function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

interface Coefficients {
  /** First input index each output sample reads. */
  start: Int32Array;
  /** Number of input samples each output sample reads. */
  count: Int32Array;
  /** Fixed-point weights, `stride` per output sample. */
  weights: Int32Array;
  stride: number;
}

/** Coefficients for output samples [first, first + n) of an inSize → outSize resize. */
function coefficients(inSize: number, outSize: number, first: number, n: number): Coefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(n);
  const count = new Int32Array(n);
  const weights = new Int32Array(n * stride);
  const k = new Float64Array(stride);
  for (let j = 0; j < n; j++) {
    const center = (first + j + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    const len = hi - lo;
    let sum = 0;
    for (let x = 0; x < len; x++) {
      const w = bicubic((x + lo - center + 0.5) / filterScale);
      k[x] = w;
      sum += w;
    }
    for (let x = 0; x < len; x++) {
      const w = sum !== 0 ? k[x]! / sum : k[x]!;
      // C's (int) cast truncates toward zero after the ±0.5.
      weights[j * stride + x] = Math.trunc(w < 0 ? -0.5 + w * ONE : 0.5 + w * ONE);
    }
    start[j] = lo;
    count[j] = len;
  }
  return { start, count, weights, stride };
}

function clip8(sum: number): number {
  if (sum <= 0) return 0;
  if (sum >= CLIP_HIGH) return 255;
  return Math.floor(sum / ONE);
}

interface ResizeCrop {
  /** Size of the full resized image. */
  width: number;
  height: number;
  /** Crop window within it. */
  left: number;
  top: number;
  cropWidth: number;
  cropHeight: number;
}

/**
 * Resize interleaved RGB (`srcWidth`×`srcHeight`×3) with Pillow's bicubic filter and return the
 * crop window, interleaved RGB uint8. Only the rows and columns the crop needs are computed.
 */
function resizeCropBicubic(src: Uint8Array, srcWidth: number, srcHeight: number, g: ResizeCrop): Uint8Array {
  const horizontal = coefficients(srcWidth, g.width, g.left, g.cropWidth);
  const vertical = coefficients(srcHeight, g.height, g.top, g.cropHeight);
  // Input rows the vertical pass reads; the horizontal pass runs on those only.
  const rowFirst = vertical.start[0]!;
  const last = g.cropHeight - 1;
  const rowEnd = vertical.start[last]! + vertical.count[last]!;
  const rows = rowEnd - rowFirst;
  const tmp = new Uint8Array(rows * g.cropWidth * 3);
  for (let y = 0; y < rows; y++) {
    const inRow = (rowFirst + y) * srcWidth * 3;
    const outRow = y * g.cropWidth * 3;
    for (let x = 0; x < g.cropWidth; x++) {
      const s = horizontal.start[x]!;
      const n = horizontal.count[x]!;
      const w0 = x * horizontal.stride;
      let r = HALF;
      let gg = HALF;
      let b = HALF;
      for (let i = 0; i < n; i++) {
        const w = horizontal.weights[w0 + i]!;
        const p = inRow + (s + i) * 3;
        r += src[p]! * w;
        gg += src[p + 1]! * w;
        b += src[p + 2]! * w;
      }
      const o = outRow + x * 3;
      tmp[o] = clip8(r);
      tmp[o + 1] = clip8(gg);
      tmp[o + 2] = clip8(b);
    }
  }
  const out = new Uint8Array(g.cropWidth * g.cropHeight * 3);
  const rowBytes = g.cropWidth * 3;
  for (let y = 0; y < g.cropHeight; y++) {
    const s = vertical.start[y]! - rowFirst;
    const n = vertical.count[y]!;
    const w0 = y * vertical.stride;
    const outRow = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      let acc = HALF;
      for (let i = 0; i < n; i++) acc += tmp[(s + i) * rowBytes + x]! * vertical.weights[w0 + i]!;
      out[outRow + x] = clip8(acc);
    }
  }
  return out;
}

const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

async function decodeRgb(bytes: Buffer): Promise<{ data: Uint8Array; width: number; height: number }> {
  const input = sharp(bytes, { ignoreIcc: true });
  const meta = await input.metadata();
  if (meta.format !== 'jpeg' && meta.format !== 'png') throw new Error(`format '${meta.format ?? 'unknown'}' is not JPEG or PNG`);
  const { data, info } = await input.removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected RGB`);
  return { data, width: info.width, height: info.height };
}

function writeChw(pixels: Uint8Array, out: Float32Array, offset: number): void {
  const plane = pixels.length / 3;
  for (let c = 0; c < 3; c++) {
    const mean = Math.fround(MEAN[c]!);
    const std = Math.fround(STD[c]!);
    const base = offset + c * plane;
    for (let i = 0; i < plane; i++) {
      out[base + i] = Math.fround(Math.fround(Math.fround(pixels[i * 3 + c]! / 255) - mean) / std);
    }
  }
}

/** Before: decode (metadata round trip, random access), Pillow bicubic in doubles, CHW ImageNet. */
export async function preprocessBefore(bytes: Buffer, out: Float32Array, offset: number): Promise<void> {
  const rgb = await decodeRgb(bytes);
  const g = resizeGeometry(rgb.width, rgb.height);
  const crop = resizeCropBicubic(rgb.data, rgb.width, rgb.height, { ...g, cropWidth: 224, cropHeight: 224 });
  writeChw(crop, out, offset);
}

export { decodeRgb as decodeRgbBefore, resizeCropBicubic as resizeCropBefore, writeChw as writeChwBefore };
