import type { Spectrum } from './spectrum';

/**
 * A change of variables for the logistic objective, x = M·u, that makes it nearly isotropic, so
 * that L-BFGS in u needs far fewer iterations to reach the same optimum (the objective and its
 * minimiser do not change; L-BFGS with a scalar initial Hessian in u is L-BFGS with initial
 * Hessian M·Mᵀ in x).
 *
 * The features are centred, the intercept absorbing the centring, which decouples it from the
 * weights: for each class, w_c = P·û_c and b_c = pb·b̂_c − w_c·μ, with the symmetric
 *   P = a·I + Uᵀ·diag(β)·U,   a = (c·σ + λ)^−½,   a + β_i = (c·s_i + λ)^−½,   pb = (c·n)^−½
 * where (s_i, U_i) are the leading eigenpairs of the centred scatter matrix A and σ the mean of
 * the rest (spectrum.ts), λ the L2 strength and c the loss's curvature at the zero model (softmax:
 * 1/k per class row; sigmoid: 1/4). At the zero model the Hessian on a class's weights is about
 * c·A + λ·I and on its intercept c·n, so the problem in u is about isotropic there; the maps
 * are in logistic-graphs.ts (preconditionNodes).
 */
export interface PreconditionerMap {
  /** Scale on the identity. */
  a: number;
  /** Extra scale along each leading eigenvector. */
  beta: Float64Array;
  /** Scale of the intercepts (its inverse for the inverse map). */
  pb: number;
}

export interface Preconditioner {
  spectrum: Spectrum;
  /** x = M·u. */
  forward: PreconditionerMap;
  /** u = M⁻¹·x: P⁻¹ = a⁻¹·I + Uᵀ·diag(1/(a + β) − 1/a)·U, b̂ = (b + W·μ)/pb. */
  inverse: PreconditionerMap;
}

export function preconditioner(spectrum: Spectrum, curvature: number, l2: number): Preconditioner {
  if (!(l2 > 0)) throw new Error(`preconditioner: the L2 strength must be positive (got ${l2})`);
  const scale = (eigenvalue: number) => 1 / Math.sqrt(curvature * eigenvalue + l2);
  const a = scale(spectrum.tailMean);
  const beta = spectrum.values.map((v) => scale(v) - a);
  const inverseBeta = spectrum.values.map((v) => 1 / scale(v) - 1 / a);
  const pb = 1 / Math.sqrt(curvature * Math.max(spectrum.count, 1));
  return { spectrum, forward: { a, beta, pb }, inverse: { a: 1 / a, beta: inverseBeta, pb: 1 / pb } };
}
