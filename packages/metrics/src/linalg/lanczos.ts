// Lanczos with full reorthogonalisation for the largest eigenvalues of a symmetric operator given only as a
// matrix-vector product (Golub & Van Loan §10.1). Full reorthogonalisation (two classical Gram–Schmidt passes
// against every stored vector) keeps the basis orthogonal to working precision, so there are no ghost copies
// and converged Ritz values are eigenvalues to ~residual²/gap. On breakdown (an invariant subspace) the
// iteration continues from a fresh vector orthogonal to the basis, so operators of low rank are handled.

import { RandomStream } from '@driftlab/core';
import { tridiagonalEigen } from './tridiagonal-eigen';

export type MatVec = (v: Float64Array, out: Float64Array) => void;

export interface LanczosOptions {
  /** Largest number of matrix-vector products. */
  maxIter: number;
  /** Converged when ‖A·y − θ·y‖ ≤ tol·max|θ| for each wanted Ritz pair. */
  tol: number;
  /** Seed of the start vectors (RandomStream 'lanczos'); results do not depend on it beyond rounding. */
  seed: number;
  /** Check convergence every this many iterations. */
  checkEvery: number;
  /** Start vector (e.g. an eigenvector estimate of a nearby operator); random when absent. */
  start?: Float64Array;
  /** Also return the Ritz vector of the largest Ritz value. */
  wantTopVector?: boolean;
}

export const DEFAULT_LANCZOS: LanczosOptions = { maxIter: 300, tol: 1e-10, seed: 20240101, checkEvery: 2 };

export interface LanczosResult {
  /** The k largest Ritz values, descending. */
  values: Float64Array;
  /** Residual norm ‖A·y − θ·y‖ of each (same order). */
  residuals: Float64Array;
  iterations: number;
  converged: boolean;
  /** Unit Ritz vector of values[0] (when wantTopVector). */
  topVector?: Float64Array;
}

/** The k largest eigenvalues of the symmetric operator `matvec` of dimension `dim`. */
export function lanczosLargest(matvec: MatVec, dim: number, k: number, options: Partial<LanczosOptions> = {}): LanczosResult {
  const opt = { ...DEFAULT_LANCZOS, ...options };
  k = Math.min(k, dim);
  const maxIter = Math.min(Math.max(opt.maxIter, k), dim);
  const stream = RandomStream.derive(opt.seed, 'lanczos');
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = []; // beta[j] couples basis vectors j and j+1 (0 between restart blocks)
  const w = new Float64Array(dim);
  let q = new Float64Array(dim);
  let restarts = 0;
  if (opt.start && Math.sqrt(dot(opt.start, opt.start)) > 0) {
    const norm = Math.sqrt(dot(opt.start, opt.start));
    for (let i = 0; i < dim; i++) q[i] = opt.start[i] / norm;
    restarts++;
  } else freshVector(q, basis, stream, restarts++);
  let scale = 0;
  let atBreakdown: Float64Array | null = null;
  let result = ritz(alpha, beta, 0, k, opt.tol, 0);
  for (let j = 0; ; j++) {
    basis.push(q);
    matvec(q, w);
    const a = dot(q, w);
    alpha.push(a);
    // Three-term recurrence, then one classical Gram–Schmidt pass against the whole basis, and a second pass only
    // when the first removed most of the vector (Daniel–Gragg–Kaufman–Stewart criterion).
    const prev = j > 0 && beta[j - 1] !== 0 ? basis[j - 1] : null;
    const bPrev = prev ? beta[j - 1] : 0;
    for (let i = 0; i < dim; i++) w[i] -= a * q[i] + (prev ? bPrev * prev[i] : 0);
    const before = Math.sqrt(dot(w, w));
    reorthogonalise(w, basis);
    if (Math.sqrt(dot(w, w)) < 0.7 * before) reorthogonalise(w, basis);
    let b = Math.sqrt(dot(w, w));
    scale = Math.max(scale, Math.abs(a), b);
    if (b <= 1e-12 * scale) b = 0;
    const done = j + 1 >= maxIter;
    if (done || b === 0 || (j + 1 >= k && (j + 1) % opt.checkEvery === 0)) {
      result = ritz(alpha, beta, b, k, opt.tol, j + 1);
      if (done) break;
      if (b === 0) {
        // A breakdown gives exact Ritz values but may hide copies of repeated eigenvalues (and eigenvectors the
        // start vector missed): stop only when a restart block changed nothing in the top k.
        if (result.converged && atBreakdown && sameValues(atBreakdown, result.values, opt.tol * scale)) break;
        atBreakdown = result.converged ? result.values : null;
      } else if (result.converged) break;
    }
    beta.push(b);
    const next = new Float64Array(dim);
    if (b === 0) {
      if (!freshVector(next, basis, stream, restarts++)) {
        // The basis spans the whole space: every Ritz value is an eigenvalue.
        result.converged = result.values.length === k;
        break;
      }
    } else {
      for (let i = 0; i < dim; i++) next[i] = w[i] / b;
    }
    q = next;
  }
  if (opt.wantTopVector && result.values.length > 0) result.topVector = topRitzVector(alpha, beta, basis, dim);
  return result;
}

/** Ritz vector of the largest eigenvalue of the tridiagonal built so far: basis · (its eigenvector). */
function topRitzVector(alpha: number[], beta: number[], basis: Float64Array[], dim: number): Float64Array {
  const m = alpha.length;
  const d = Float64Array.from(alpha);
  const e = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) e[i] = beta[i];
  const zt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) zt[i * m + i] = 1;
  tridiagonalEigen(d, e, m, zt);
  const y = new Float64Array(dim);
  for (let j = 0; j < m; j++) {
    const c = zt[(m - 1) * m + j];
    const q = basis[j];
    for (let i = 0; i < dim; i++) y[i] += c * q[i];
  }
  return y;
}

function sameValues(a: Float64Array, b: Float64Array, tol: number): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > tol) return false;
  return true;
}

/** Ritz values of the tridiagonal (alpha, beta) with residual bounds |b·s_last|. */
function ritz(alpha: number[], beta: number[], b: number, k: number, tol: number, iterations: number): LanczosResult {
  const m = alpha.length;
  const d = Float64Array.from(alpha);
  const e = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) e[i] = beta[i];
  const zt = new Float64Array(m * m);
  for (let i = 0; i < m; i++) zt[i * m + i] = 1;
  tridiagonalEigen(d, e, m, zt);
  const kk = Math.min(k, m);
  const values = new Float64Array(kk);
  const residuals = new Float64Array(kk);
  let top = 0;
  for (let i = 0; i < m; i++) top = Math.max(top, Math.abs(d[i]));
  let converged = kk === k;
  for (let r = 0; r < kk; r++) {
    const idx = m - 1 - r;
    values[r] = d[idx];
    residuals[r] = Math.abs(b * zt[idx * m + m - 1]);
    if (residuals[r] > tol * Math.max(top, 1e-300)) converged = false;
  }
  return { values, residuals, iterations, converged };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function reorthogonalise(w: Float64Array, basis: Float64Array[]): void {
  const n = w.length;
  for (const q of basis) {
    const c = dot(q, w);
    for (let i = 0; i < n; i++) w[i] -= c * q[i];
  }
}

/** Fills v with a unit vector orthogonal to basis; false when none exists (basis spans the space). */
function freshVector(v: Float64Array, basis: Float64Array[], stream: RandomStream, block: number): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    stream.fillNormal(v, block * 4 + attempt);
    const before = Math.sqrt(dot(v, v));
    reorthogonalise(v, basis);
    reorthogonalise(v, basis);
    const norm = Math.sqrt(dot(v, v));
    if (norm > 1e-8 * before) {
      for (let i = 0; i < v.length; i++) v[i] /= norm;
      return true;
    }
  }
  return false;
}
