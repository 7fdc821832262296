import { fork, type ChildProcess } from 'node:child_process';
import type { LoadedImage } from '../datasets/types';
import { ImageDecodeError, type PreprocessOptions } from '../images/preprocess';

/**
 * Image decoding in child PROCESSES, for many-core GPU hosts. The thread pool (images/decode-pool.ts)
 * shares one process's libuv pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), one malloc
 * and one libvips cache among all its workers; on a 16-core H100 host sharp in 16 worker threads
 * reached 419 img/s against 116 in one (3.6×), far below the ≈4,400 img/s the GPU consumes. Processes
 * share nothing, so they scale with cores like PIL in a torch DataLoader does.
 *
 * Same interface as DecodePool (preprocess into a batch buffer at an offset), so the feature
 * pipeline can take either. Each child returns the CHW float32 tensor as a structured-clone typed
 * array over the IPC pipe (Node cannot share memory between processes); the parent copies it
 * into the batch buffer, one memcpy per image.
 */

interface Request {
  id: number;
  image: LoadedImage;
  file: string;
  options: PreprocessOptions;
}

export interface ProcessDecodeResponse {
  id: number;
  data?: Float32Array;
  error?: { message: string; file: string; decode: boolean };
}

interface Pending {
  target: Float32Array;
  offset: number;
  resolve: () => void;
  reject: (err: Error) => void;
  child: ChildProcess;
}

/** Requests in flight per child: one decoding, one queued, so a child never waits on the pipe. */
const DEPTH = 2;

export class ProcessDecodePool {
  private readonly children: ChildProcess[] = [];
  private readonly load = new Map<ChildProcess, number>();
  private readonly queue: Request[] = [];
  private readonly pending = new Map<number, Pending | Omit<Pending, 'child'>>();
  private nextId = 0;
  private closed = false;

  constructor(readonly size: number) {
    if (size < 1)
      throw new Error('ProcessDecodePool: size must be at least 1 (use DecodePool(0) to decode in-process)');
    for (let i = 0; i < size; i++) this.spawn();
  }

  preprocess(
    image: LoadedImage,
    file: string,
    target: Float32Array,
    offset: number,
    options: PreprocessOptions,
  ): Promise<void> {
    if (this.closed) return Promise.reject(new Error('ProcessDecodePool: closed'));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { target, offset, resolve, reject });
      this.queue.push({ id, image, file, options });
      this.dispatch();
    });
  }

  /** Batch buffers stay plain: children never write into them. */
  allocate(floats: number): Float32Array {
    return new Float32Array(floats);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            // Children are unref'd while idle; hold the loop open until they have exited.
            c.ref();
            c.disconnect();
          }),
      ),
    );
    this.children.length = 0;
  }

  private spawn(): void {
    // serialization 'advanced' sends typed arrays as binary (the default JSON would inflate them 10×).
    const child = fork(new URL('./process-decode-child.mjs', import.meta.url), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (res: ProcessDecodeResponse) => this.settle(child, res));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    child.unref();
    this.children.push(child);
    this.load.set(child, 0);
  }

  private dispatch(): void {
    while (this.queue.length) {
      const child = this.leastLoaded();
      if (!child) return;
      const req = this.queue.shift()!;
      const p = this.pending.get(req.id);
      if (p) this.pending.set(req.id, { ...p, child });
      this.load.set(child, this.load.get(child)! + 1);
      child.ref();
      child.send(req);
    }
  }

  private leastLoaded(): ChildProcess | null {
    let best: ChildProcess | null = null;
    for (const c of this.children) {
      const n = this.load.get(c)!;
      if (n < DEPTH && (!best || n < this.load.get(best)!)) best = c;
    }
    return best;
  }

  private settle(child: ChildProcess, res: ProcessDecodeResponse): void {
    const p = this.pending.get(res.id);
    this.pending.delete(res.id);
    const n = this.load.get(child)! - 1;
    this.load.set(child, n);
    if (n === 0) child.unref();
    if (p) {
      if (res.data) {
        p.target.set(res.data, p.offset);
        p.resolve();
      } else {
        const e = res.error ?? { message: 'decoder process sent no data', file: '', decode: false };
        p.reject(
          e.decode ? Object.assign(new ImageDecodeError(e.file, ''), { message: e.message }) : new Error(e.message),
        );
      }
    }
    this.dispatch();
  }

  /** A child that dies (OOM, a crash in a native decoder) fails its requests and is replaced. */
  private onExit(child: ChildProcess, code: number | null, signal: string | null): void {
    const i = this.children.indexOf(child);
    if (i >= 0) this.children.splice(i, 1);
    this.load.delete(child);
    for (const [id, p] of this.pending) {
      if ('child' in p && p.child === child) {
        this.pending.delete(id);
        p.reject(
          new Error(
            `image decoder process exited (${signal ?? `code ${code}`}) while decoding; rerun, or lower --decode-processes if the host ran out of memory`,
          ),
        );
      }
    }
    if (!this.closed) {
      this.spawn();
      this.dispatch();
    }
  }
}
