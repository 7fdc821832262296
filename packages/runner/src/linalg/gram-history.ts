/**
 * The L-BFGS memory kept as a Gram matrix ("vector-free" L-BFGS, Chen, Wang, Zhou & Gao,
 * NeurIPS 2014). The m most recent (s, y) pairs and the current gradient g are the rows of one
 * [2m + 1, p] float64 matrix, and the two-loop recursion runs on their pairwise dot products:
 * the search direction comes out as coefficients over those rows, in O(m²) scalar work. The
 * caller turns coefficients into a vector (one matrix–vector product) and supplies the new
 * rows' dot products with the stored ones (another), so the whole O(m·p) vector work of an
 * iteration is two passes over the rows, done by onnxruntime's multithreaded kernels instead
 * of the 4m dot products and axpys over p values the plain two-loop would run in JavaScript.
 *
 * In exact arithmetic the direction equals the two-loop recursion's with the same memory,
 * scaling γ = sᵀy / yᵀy and skipping rule as SciPy's L-BFGS-B (lbfgsb.f: skip when
 * sᵀy ≤ ε·(−g_oldᵀs)).
 */

/** Dot products the caller measured for a step x → x + t·d with new gradient g (y = g − g_old). */
export interface StepDots {
  t: number;
  /** gᵀd at the step's start (negative), for the skipping rule. */
  gtdOld: number;
  /** Row-major [rows, 3]: each stored row's dot product with d, g and y, before the update. */
  withRows: Float64Array;
  dd: number;
  dg: number;
  dy: number;
  gg: number;
  yy: number;
  gy: number;
}

interface Pair {
  slot: number;
  rho: number;
}

export class GramHistory {
  /** Row-major [rows, p]: s slots 0..m-1, y slots m..2m-1, the current gradient in row 2m. */
  readonly basis: Float64Array;
  readonly rows: number;
  readonly gRow: number;
  private readonly gram: Float64Array;
  /** Stored pairs, oldest first; pair slot i holds s in row i and y in row m + i. */
  private pairs: Pair[] = [];

  constructor(
    readonly m: number,
    readonly p: number,
  ) {
    this.rows = 2 * m + 1;
    this.gRow = 2 * m;
    this.basis = new Float64Array(this.rows * p);
    this.gram = new Float64Array(this.rows * this.rows);
  }

  get size(): number {
    return this.pairs.length;
  }

  /** Forgets every pair (a fresh fit, or a restart after a non-descent direction). */
  clear(): void {
    this.pairs = [];
  }

  /** Stores the starting gradient; `gg` = gᵀg. Stale rows keep no meaning once cleared. */
  start(g: Float64Array, gg: number): void {
    this.clear();
    this.basis.set(g, this.gRow * this.p);
    this.gram.fill(0);
    this.set(this.gRow, this.gRow, gg);
  }

  /**
   * Coefficients c over the rows with c·rows = −H·g, H the L-BFGS inverse-Hessian
   * approximation (H₀ = γ·I), by the two-loop recursion on dot products.
   */
  direction(): Float64Array {
    const q = new Float64Array(this.rows);
    q[this.gRow] = -1;
    const alpha = new Float64Array(this.pairs.length);
    for (let j = this.pairs.length - 1; j >= 0; j--) {
      const { slot, rho } = this.pairs[j]!;
      alpha[j] = rho * this.rowDot(slot, q);
      q[this.m + slot] = q[this.m + slot]! - alpha[j]!;
    }
    const newest = this.pairs[this.pairs.length - 1];
    if (newest) {
      const y = this.m + newest.slot;
      const gamma = 1 / (newest.rho * this.at(y, y));
      for (let i = 0; i < q.length; i++) q[i] = q[i]! * gamma;
    }
    for (let j = 0; j < this.pairs.length; j++) {
      const { slot, rho } = this.pairs[j]!;
      const beta = rho * this.rowDot(this.m + slot, q);
      q[slot] = q[slot]! + alpha[j]! - beta;
    }
    return q;
  }

  /**
   * Records the step: the pair (s = t·d, y) joins the memory (replacing the oldest when full)
   * unless sᵀy ≤ ε·(−g_oldᵀs), which L-BFGS-B skips to keep H positive definite; g becomes
   * current.
   */
  push(s: Float64Array, y: Float64Array, g: Float64Array, dots: StepDots): void {
    const { t } = dots;
    const sy = t * dots.dy;
    const keep = sy > 2.220446049250313e-16 * -t * dots.gtdOld;
    const live = this.liveRows();
    let slot = -1;
    if (keep) {
      if (this.pairs.length === this.m) slot = this.pairs.shift()!.slot;
      else slot = this.freeSlot();
    }
    const col = (row: number, c: number) => dots.withRows[row * 3 + c]!;
    // New rows against the surviving stored rows, from the caller's products (measured before
    // the update, so the g row still held the previous gradient: it is replaced below).
    for (const row of live) {
      if (row === this.gRow || row === slot || row === this.m + slot) continue;
      this.set(this.gRow, row, col(row, 1));
      if (keep) {
        this.set(slot, row, t * col(row, 0));
        this.set(this.m + slot, row, col(row, 2));
      }
    }
    this.basis.set(g, this.gRow * this.p);
    this.set(this.gRow, this.gRow, dots.gg);
    if (!keep) return;
    this.basis.set(s, slot * this.p);
    this.basis.set(y, (this.m + slot) * this.p);
    this.set(slot, slot, t * t * dots.dd);
    this.set(slot, this.m + slot, sy);
    this.set(slot, this.gRow, t * dots.dg);
    this.set(this.m + slot, this.m + slot, dots.yy);
    this.set(this.m + slot, this.gRow, dots.gy);
    this.pairs.push({ slot, rho: 1 / sy });
  }

  /** Rows that currently hold a vector: the pairs' s and y rows and the gradient row. */
  private liveRows(): number[] {
    const rows = [this.gRow];
    for (const { slot } of this.pairs) rows.push(slot, this.m + slot);
    return rows;
  }

  private freeSlot(): number {
    const used = new Set(this.pairs.map((p) => p.slot));
    for (let i = 0; i < this.m; i++) if (!used.has(i)) return i;
    throw new Error('GramHistory: no free slot');
  }

  /** (row vector)ᵀ·(Σ_i q_i row_i), from the Gram matrix. */
  private rowDot(row: number, q: Float64Array): number {
    let s = 0;
    const base = row * this.rows;
    for (let i = 0; i < this.rows; i++) s += this.gram[base + i]! * q[i]!;
    return s;
  }

  private at(i: number, j: number): number {
    return this.gram[i * this.rows + j]!;
  }

  private set(i: number, j: number, v: number): void {
    this.gram[i * this.rows + j] = v;
    this.gram[j * this.rows + i] = v;
  }
}
