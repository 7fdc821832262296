import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '@transferboard/suite/random';
import { LogisticEngine, type BoundDesign, type BoundPreconditioner } from './logistic-objective';
import { preconditioner } from './preconditioner';
import { leadingSpectrum } from './spectrum';

/** Close to rounding: the fused graph runs the same nodes, so only kernel scheduling may differ. */
function expectClose(a: ArrayLike<number>, b: ArrayLike<number>) {
  expect(a.length).toBe(b.length);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  expect(diff).toBeLessThanOrEqual(1e-12 * Math.max(scale, 1));
}

describe.each(['softmax', 'sigmoid'] as const)('LogisticEngine.iterate (%s)', (kind) => {
  const [n, d, k, r] = [300, 24, 4, 5];
  const rand = mulberry32(7);
  const x = Float32Array.from({ length: n * d }, () => Math.max(0, rand() - 0.3));
  const targets = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    if (kind === 'softmax') targets[i * k + (i % k)] = 1;
    else for (let c = 0; c < k; c++) targets[i * k + c] = rand() < 0.3 ? 1 : 0;
  }
  let engine: LogisticEngine;
  let bound: BoundDesign;
  let pre: BoundPreconditioner;
  beforeAll(async () => {
    engine = await LogisticEngine.create(kind, d, k, 1);
    bound = engine.bind({ x, n, d, targets });
    const spectrum = await leadingSpectrum(x, n, d, 8, 0, 1);
    pre = engine.bindPreconditioner(preconditioner(spectrum, engine.curvature, 0.5));
  });
  afterAll(() => engine.release());

  it.each([false, true])(
    'returns what direction, trial and accept return separately (preconditioned: %s)',
    async (preconditioned) => {
      const p = engine.size;
      const vec = (scale: number) => Float64Array.from({ length: p }, () => scale * (rand() - 0.5));
      const [xu, g, xModel] = [vec(0.2), vec(1), vec(0.2)];
      const basis = new Float64Array(r * p);
      for (let i = 0; i < r; i++) basis.set(vec(1), i * p);
      const c = Float64Array.from({ length: r }, () => rand() - 0.5);
      const l2mask = engine.l2mask(0.5);
      const ZT = await engine.logitsT(bound, preconditioned ? xModel : xu);
      const t = 0.75;
      const dirPre = preconditioned ? { map: pre, xModel } : undefined;

      const fused = await engine.iterate(bound, c, basis, { x: xu, g, ZT, t, l2mask }, dirPre);
      // The k × n outputs are the design's buffers (kn-buffers.ts), which the separate runs below
      // overwrite: compare copies.
      expect(fused.direction.XDT).toBe(bound.out.image);
      expect(fused.trial.GT).toBe(bound.out.residual);
      expect(fused.trial.ZT).toBe(bound.out.logitsBeside(ZT));
      const [fusedXDT, fusedGT, fusedZT] = [fused.direction.XDT, fused.trial.GT, fused.trial.ZT].map((v) =>
        Float64Array.from(v.data as Float32Array | Float64Array),
      );
      const dir = await engine.direction(bound, c, basis, xu, g, dirPre);
      const trial = await engine.trial(bound, ZT, dir.XDT, t);
      const acceptPre = preconditioned ? { map: pre, xModel, dirModel: dir.dirModel } : undefined;
      const step = await engine.accept(
        bound,
        trial.GT,
        { x: xu, dir: dir.dir, t, gOld: g, l2mask },
        basis,
        r,
        acceptPre,
      );

      expectClose(fused.direction.dir, dir.dir);
      expectClose(fused.direction.dirModel, dir.dirModel);
      expectClose(fusedXDT!, dir.XDT.data as Float32Array);
      expectClose(
        [fused.direction.gtd, fused.direction.dd, fused.direction.ddW, fused.direction.xdW],
        [dir.gtd, dir.dd, dir.ddW, dir.xdW],
      );
      expectClose([fused.trial.loss, fused.trial.slope], [trial.loss, trial.slope]);
      expectClose(fusedZT!, trial.ZT.data as Float64Array);
      expectClose(fusedGT!, trial.GT.data as Float32Array);
      const accept = fused.accept!;
      for (const key of ['s', 'xNew', 'gNew', 'y', 'rowDots', 'scalars', 'xNewModel', 'gNewModel'] as const) {
        expectClose(accept[key], step[key]);
      }
    },
  );
});
