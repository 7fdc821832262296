import { OrtTensor, type Tensor } from '../onnx/runtime';

/**
 * The k × n arrays the solver's graphs write (logits, residual, direction image), allocated
 * once per design and handed to onnxruntime as preallocated outputs, so that onnxruntime does
 * not allocate them natively on every run. onnxruntime-node 1.29 writes into them and still
 * returns a fresh copy of each (measured: the returned array is not the given one); the engine
 * uses these buffers and drops the copies at once, so no k × n output outlives its run.
 *
 * What may be reused follows from the solver (logistic-lbfgs.ts): a fit holds one point's
 * logits while its line search tries others, and uses only the last trial's outputs (the line
 * search accepts the step it evaluated last); the residual is read by the gradient before the
 * next trial, the direction image by the trials before the next direction (or iteration) run.
 * So two logits buffers alternate, and one residual and one image suffice. The one-run iteration
 * (LogisticEngine.iterate) writes the same three: image, residual, the logits beside the point's.
 */
export class KnBuffers {
  /** float32 residual Gᵀ, written by each trial (and iteration run). */
  readonly residual: Tensor;
  /** float32 direction image (X·d)ᵀ, written by each direction (and iteration run). */
  readonly image: Tensor;
  private readonly logitsPair: [Tensor, Tensor];

  constructor(k: number, n: number) {
    const f64 = () => new OrtTensor('float64', new Float64Array(k * n), [k, n]);
    this.residual = new OrtTensor('float32', new Float32Array(k * n), [k, n]);
    this.image = new OrtTensor('float32', new Float32Array(k * n), [k, n]);
    this.logitsPair = [f64(), f64()];
  }

  /** A float64 logits buffer that is not `current`'s (the one a trial reads). */
  logitsBeside(current: Tensor): Tensor {
    const [a, b] = this.logitsPair;
    return a.data === current.data ? b : a;
  }

  /** The buffer for a fit's starting logits. */
  logits(): Tensor {
    return this.logitsPair[0];
  }
}
