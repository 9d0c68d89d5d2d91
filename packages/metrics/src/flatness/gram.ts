// The Gauss–Newton part G = c0·JᵀJ (P × P) has the same non-zero eigenvalues as the Gram matrix c0·J·Jᵀ, which is
// only (n·D) × (n·D). For a one-hidden-layer net its entries are closed-form:
//   (J·Jᵀ)[(i,j),(i',j')] = δ_jj'·(h_i·h_i' + [output bias]) + (x_i·x_i' + 1)·Σ_k V_jk V_j'k σ'(z_ik) σ'(z_i'k).

import { symmetricEigenvalues } from '../linalg';
import type { OneLayerHessian } from './one-layer';

/** The (n·D) × (n·D) Gram matrix c0·J·Jᵀ, row-major (upper triangle filled), rows ordered (sample, output). */
export function gaussNewtonGram(op: OneLayerHessian): Float64Array {
  const { n, inputDim: Din, units: N, outputDim: D, c0 } = op;
  const live = op.live;
  const L = live.length;
  const V = op.layout.v;
  const x = op.data.x;
  // B_i[j, a] = V_{j, live[a]}·σ'(z_{i, live[a]})
  const B = new Float64Array(n * D * L);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < D; j++)
      for (let a = 0; a < L; a++) B[(i * D + j) * L + a] = op.params[V + j * N + live[a]] * op.d1[i * N + live[a]];
  const nD = n * D;
  const g = new Float64Array(nD * nD);
  for (let i = 0; i < n; i++)
    for (let i2 = i; i2 < n; i2++) {
      let kx = 1;
      for (let l = 0; l < Din; l++) kx += x[i * Din + l] * x[i2 * Din + l];
      let hh = op.hasC ? 1 : 0;
      for (const k of live) hh += op.h[i * N + k] * op.h[i2 * N + k];
      for (let j = 0; j < D; j++) {
        const r1 = (i * D + j) * L;
        for (let j2 = i === i2 ? j : 0; j2 < D; j2++) {
          const r2 = (i2 * D + j2) * L;
          let s = 0;
          for (let a = 0; a < L; a++) s += B[r1 + a] * B[r2 + a];
          g[(i * D + j) * nD + i2 * D + j2] = c0 * (kx * s + (j === j2 ? hh : 0));
        }
      }
    }
  return g;
}

/** All n·D eigenvalues of c0·J·Jᵀ, descending (the Gauss–Newton part's other P − n·D eigenvalues are 0). */
export function gramSpectrum(op: OneLayerHessian): Float64Array {
  const nD = op.n * op.outputDim;
  return symmetricEigenvalues(gaussNewtonGram(op), nD, true).reverse();
}
