import sharp from 'sharp';
import type { LoadedImage } from '../datasets/types';
import { ImageDecodeError, preprocessInto, type PreprocessOptions } from '../images/preprocess';
import type { ProcessDecodeResponse } from './process-decode-pool';

/**
 * Decoder child process: one image per message in, its CHW float32 tensor out. One libvips
 * thread per process: the pool already runs one process per core, so more would oversubscribe.
 */
sharp.concurrency(1);

const PER = 3 * 224 * 224;

process.on('message', (req: { id: number; image: LoadedImage; file: string; options: PreprocessOptions }) => {
  // Structured clone turns Buffers into Uint8Arrays; sharp wants a Buffer (a view, no copy).
  const image: LoadedImage =
    req.image.kind === 'encoded'
      ? {
          kind: 'encoded',
          bytes: Buffer.from(req.image.bytes.buffer, req.image.bytes.byteOffset, req.image.bytes.byteLength),
        }
      : req.image;
  const crop = req.options.crop ?? 224;
  const out = new Float32Array(crop === 224 ? PER : 3 * crop * crop);
  preprocessInto(image, req.file, out, 0, req.options).then(
    () => process.send!({ id: req.id, data: out } satisfies ProcessDecodeResponse),
    (err: Error) =>
      process.send!({
        id: req.id,
        error: { message: err.message, file: req.file, decode: err instanceof ImageDecodeError },
      } satisfies ProcessDecodeResponse),
  );
});
process.on('disconnect', () => process.exit(0));
