// Norms of the residual part c0·Σ r_ij ∇²f_ij of a one-hidden-layer Hessian, exactly and cheaply: the part is
// block-diagonal over units (see one-layer.ts), so its spectral norm is the largest block norm and its squared
// Frobenius norm the sum over blocks. For ReLU/linear a block is [[0, Mᵀ],[M, 0]] with eigenvalues ±σ(M), so
// only the D × D matrix M·Mᵀ is needed per unit; for tanh the whole block is diagonalised (eigenvalues only).

import { symmetricEigenvalues } from '../linalg';
import type { OneLayerHessian } from './one-layer';

export function residualNorms(op: OneLayerHessian): { spectral: number; frobenius: number } {
  const { n, inputDim: Din, units: N, outputDim: D, c0 } = op;
  const Dt = Din + 1;
  const x = op.data.x;
  const tanh = op.spec.activation === 'tanh';
  const q = tanh ? Dt + D : D;
  const M = new Float64Array(D * Dt);
  const S = new Float64Array(Dt * Dt);
  const blk = new Float64Array(q * q);
  let spectral = 0;
  let fro2 = 0;
  for (const k of op.live) {
    M.fill(0);
    if (tanh) S.fill(0);
    for (let i = 0; i < n; i++) {
      const d1 = op.d1[i * N + k];
      if (d1 !== 0) {
        for (let j = 0; j < D; j++) {
          const f = d1 * op.r[i * D + j];
          if (f === 0) continue;
          for (let l = 0; l < Din; l++) M[j * Dt + l] += f * x[i * Din + l];
          M[j * Dt + Din] += f;
        }
      }
      if (tanh) {
        const cv = op.g[i * N + k] * op.d2[i * N + k];
        for (let a = 0; a < Dt; a++) {
          const xa = a < Din ? x[i * Din + a] : 1;
          for (let b = a; b < Dt; b++) S[a * Dt + b] += cv * xa * (b < Din ? x[i * Din + b] : 1);
        }
      }
    }
    blk.fill(0);
    if (tanh) {
      for (let a = 0; a < Dt; a++) for (let b = a; b < Dt; b++) blk[a * q + b] = S[a * Dt + b];
      for (let j = 0; j < D; j++) for (let a = 0; a < Dt; a++) blk[a * q + Dt + j] = M[j * Dt + a];
      const ev = symmetricEigenvalues(blk, q, true);
      for (const mu of ev) {
        spectral = Math.max(spectral, Math.abs(mu));
        fro2 += mu * mu;
      }
    } else {
      // M·Mᵀ (D × D): its eigenvalues are σ², and tr(M·Mᵀ) = |M|²_F (the block has each σ twice, ±).
      for (let j = 0; j < D; j++)
        for (let j2 = j; j2 < D; j2++) {
          let s = 0;
          for (let a = 0; a < Dt; a++) s += M[j * Dt + a] * M[j2 * Dt + a];
          blk[j * q + j2] = s;
        }
      let tr = 0;
      for (let j = 0; j < D; j++) tr += blk[j * q + j];
      fro2 += 2 * tr;
      const ev = symmetricEigenvalues(blk, q, true);
      spectral = Math.max(spectral, Math.sqrt(Math.max(0, ev[q - 1])));
    }
  }
  return { spectral: c0 * spectral, frobenius: c0 * Math.sqrt(fro2) };
}

/**
 * Upper bound on the reduced dimension (UnitReduction.reducedDim) without any factorisation: each live unit
 * contributes at most min(|active samples|, fanIn+1) + D container directions, of which at most
 * 2·min(|active|, fanIn+1, D) carry a non-zero residual eigenvalue (ReLU/linear); the rest compress into n·D.
 */
export function reducedDimBound(op: OneLayerHessian): number {
  const { n, inputDim: Din, units: N, outputDim: D } = op;
  const Dt = Din + 1;
  let container = op.hasC ? D : 0;
  let withResidual = 0;
  for (const k of op.live) {
    let active = 0;
    for (let i = 0; i < n; i++) if (op.d1[i * N + k] !== 0 || op.d2[i * N + k] !== 0) active++;
    const d = Math.min(active, Dt);
    container += d + D;
    withResidual += op.spec.activation === 'tanh' ? d + Math.min(d, D) : 2 * Math.min(d, D);
  }
  return Math.min(container, withResidual + n * D);
}
