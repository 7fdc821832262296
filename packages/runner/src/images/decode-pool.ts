import { Worker } from 'node:worker_threads';
import type { LoadedImage } from '../datasets/types';
import { ImageDecodeError, preprocessInto, type PreprocessOptions } from './preprocess';

/**
 * Image decoding and resampling on worker threads. onnxruntime-node's run() occupies the main
 * thread while it computes, so preprocessing there would serialise with inference; on workers
 * the next batch is decoded while the current one runs. Workers write CHW floats directly into
 * the batch buffer (a SharedArrayBuffer), so no pixels are copied back.
 */

export interface DecodeRequest {
  id: number;
  image: LoadedImage;
  file: string;
  buffer: SharedArrayBuffer;
  offset: number;
  options: PreprocessOptions;
}

export interface DecodeResponse {
  id: number;
  error?: { message: string; file: string; decode: boolean };
}

interface Pending {
  resolve: () => void;
  reject: (err: Error) => void;
}

export class DecodePool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: DecodeRequest[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  /** `size` 0 decodes on the calling thread (tests, and single-core hosts). */
  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./decode-worker.mjs', import.meta.url));
      worker.on('message', (res: DecodeResponse) => this.settle(worker, res));
      worker.on('error', (err) => this.failAll(err));
      worker.unref();
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Decode `image` into `target` (a view of a SharedArrayBuffer when the pool has workers) at `offset`. */
  preprocess(
    image: LoadedImage,
    file: string,
    target: Float32Array,
    offset: number,
    options: PreprocessOptions,
  ): Promise<void> {
    if (this.size === 0) return preprocessInto(image, file, target, offset, options);
    if (!(target.buffer instanceof SharedArrayBuffer))
      throw new Error('DecodePool: worker decoding needs a SharedArrayBuffer-backed target');
    const id = this.nextId++;
    const req: DecodeRequest = {
      id,
      image,
      file,
      buffer: target.buffer,
      offset: offset + target.byteOffset / 4,
      options,
    };
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.queue.push(req);
      this.dispatch();
    });
  }

  /** A batch buffer the workers can write into. */
  allocate(floats: number): Float32Array {
    return this.size === 0 ? new Float32Array(floats) : new Float32Array(new SharedArrayBuffer(floats * 4));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    this.idle.length = 0;
  }

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const req = this.queue.shift()!;
      worker.ref();
      worker.postMessage(req);
    }
  }

  private settle(worker: Worker, res: DecodeResponse): void {
    const p = this.pending.get(res.id);
    this.pending.delete(res.id);
    worker.unref();
    this.idle.push(worker);
    if (p) {
      if (!res.error) p.resolve();
      else
        p.reject(
          res.error.decode
            ? Object.assign(new ImageDecodeError(res.error.file, ''), { message: res.error.message })
            : new Error(res.error.message),
        );
    }
    this.dispatch();
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
