// Dense symmetric eigenproblems: Householder tridiagonalisation followed by implicit QL. Float64 only.

import { tridiagonalize } from './householder-tridiagonal';
import { tridiagonalEigen } from './tridiagonal-eigen';

/**
 * Eigenvalues (ascending) of the symmetric n×n row-major matrix a; only its upper triangle is read.
 * When overwrite is false (default) a is copied first; otherwise it is destroyed.
 */
export function symmetricEigenvalues(a: Float64Array, n: number, overwrite = false): Float64Array {
  const work = overwrite ? a : a.slice(0, n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(work, n, d, e, false);
  tridiagonalEigen(d, e, n);
  return d;
}

export interface SymmetricEigen {
  /** Ascending. */
  values: Float64Array;
  /** Row k (n×n row-major) is the unit eigenvector of values[k]. */
  vectors: Float64Array;
}

/** Eigenvalues and eigenvectors of the symmetric n×n row-major matrix a (upper triangle read; a is copied). */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigen {
  const work = a.slice(0, n * n);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const qt = tridiagonalize(work, n, d, e, true) as Float64Array;
  tridiagonalEigen(d, e, n, qt);
  return { values: d, vectors: qt };
}
