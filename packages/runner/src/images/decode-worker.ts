import { parentPort } from 'node:worker_threads';
import type { DecodeRequest, DecodeResponse } from './decode-pool';
import { ImageDecodeError, preprocessInto } from './preprocess';

/** Decodes one image per message straight into the shared batch buffer the main thread feeds onnxruntime. */
parentPort!.on('message', (req: DecodeRequest) => {
  const target = new Float32Array(req.buffer);
  preprocessInto(req.image, req.file, target, req.offset, req.options).then(
    () => parentPort!.postMessage({ id: req.id } satisfies DecodeResponse),
    (err: Error) =>
      parentPort!.postMessage({
        id: req.id,
        error: { message: err.message, file: req.file, decode: err instanceof ImageDecodeError },
      } satisfies DecodeResponse),
  );
});
