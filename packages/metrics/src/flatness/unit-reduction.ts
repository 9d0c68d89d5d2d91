// Exact reduction of the one-hidden-layer Hessian to the subspace where it can be non-zero.
//
// Per live unit k, the Hessian only sees w̃_k through span{x̃_i : sample i reaches σ' or σ''} (d_k ≤ fanIn+1
// directions) and V_{:,k} (D directions): a container of e_k = d_k + D coordinates. In it the residual block R_k
// (see one-layer.ts) is diagonalised: eigenvectors with μ ≠ 0 ("B" directions) carry c0·μ plus Gauss–Newton;
// those with μ = 0 ("F" directions, plus the output bias) only Gauss–Newton. With Y the J-images of all these
// orthonormal directions (scaled by √c0), H ≅ diag(c0·μ_B, 0_F) + YᵀY and every other direction is an exact
// zero eigenvector. When there are more F directions than rows of J (n·D), they are compressed without loss:
// Y_Fᵀ = QR ⇒ Y_F·Y_Fᵀ = RᵀR, so the F block may be replaced by Rᵀ (n·D columns).

import { qrR, symmetricEigen } from '../linalg';
import type { OneLayerHessian } from './one-layer';

/** Relative size below which a residual-block eigenvalue is taken as zero (that direction goes to F). */
const RESIDUAL_ZERO = 1e-12;
/** Relative size below which a sample's input adds no new direction to a unit's container. */
const SPAN_DROP = 1e-12;

interface UnitBlock {
  unit: number;
  /** Samples that reach the unit's σ' or σ''. */
  samples: Int32Array;
  /** d × (fanIn+1) orthonormal rows spanning the inputs x̃_i of those samples. */
  d: number;
  /** ξ_i = T·x̃_i for each listed sample (samples.length × d). */
  xi: Float64Array;
  /** Eigenvalues of the residual block in container coordinates (ascending, not yet × c0). */
  values: Float64Array;
  /** Row a = eigenvector a (e × e, e = d + D). */
  vectors: Float64Array;
  /** Largest |eigenvalue| of this block. */
  scale: number;
}

export interface ResidualSpectrumSummary {
  /** Largest |eigenvalue| of the residual part c0·R. */
  spectralNorm: number;
  /** Frobenius norm of c0·R. */
  frobenius: number;
  /** Eigenvalues of c0·R that are non-zero (ascending); the rest of its P eigenvalues are zero. */
  nonzero: Float64Array;
}

export class UnitReduction {
  readonly blocks: UnitBlock[];

  constructor(readonly op: OneLayerHessian) {
    this.blocks = [];
    const shared = op.spec.activation === 'relu' ? null : containerBasis(op, allSamples(op.n));
    for (const k of op.live) this.blocks.push(unitBlock(op, k, shared));
  }

  /** Exact residual-part spectrum (block-diagonal, so a union of per-unit spectra). */
  residualSpectrum(): ResidualSpectrumSummary {
    const c0 = this.op.c0;
    const out: number[] = [];
    let norm = 0;
    let fro = 0;
    for (const b of this.blocks)
      for (const mu of b.values) {
        fro += mu * mu;
        norm = Math.max(norm, Math.abs(mu));
        if (Math.abs(mu) > RESIDUAL_ZERO * b.scale) out.push(c0 * mu);
      }
    return { spectralNorm: c0 * norm, frobenius: c0 * Math.sqrt(fro), nonzero: Float64Array.from(out).sort() };
  }

  /** Dimension of the reduced matrix (without building it). */
  reducedDim(): number {
    let nb = 0;
    let nf = this.op.hasC ? this.op.outputDim : 0;
    for (const b of this.blocks)
      for (const mu of b.values) {
        if (Math.abs(mu) > RESIDUAL_ZERO * b.scale) nb++;
        else nf++;
      }
    return nb + Math.min(nf, this.op.n * this.op.outputDim);
  }

  /** The reduced m × m matrix (row-major, upper triangle filled) whose eigenvalues are H's non-zero ones. */
  reducedMatrix(): { matrix: Float64Array; m: number } {
    const op = this.op;
    const nD = op.n * op.outputDim;
    const sq = Math.sqrt(op.c0);
    const bRows: Float64Array[] = [];
    const mus: number[] = [];
    const fRows: Float64Array[] = [];
    for (const blk of this.blocks) {
      const e = blk.d + op.outputDim;
      for (let a = 0; a < e; a++) {
        const y = jImage(op, blk, blk.vectors.subarray(a * e, (a + 1) * e), sq);
        const mu = blk.values[a];
        if (Math.abs(mu) > RESIDUAL_ZERO * blk.scale) {
          bRows.push(y);
          mus.push(op.c0 * mu);
        } else fRows.push(y);
      }
    }
    if (op.hasC)
      for (let j = 0; j < op.outputDim; j++) {
        const y = new Float64Array(nD);
        for (let i = 0; i < op.n; i++) y[i * op.outputDim + j] = sq;
        fRows.push(y);
      }
    let gRows = fRows;
    if (fRows.length > nD) {
      const a = new Float64Array(fRows.length * nD);
      fRows.forEach((row, i) => a.set(row, i * nD));
      const r = qrR(a, fRows.length, nD);
      gRows = [];
      for (let i = 0; i < nD; i++) gRows.push(r.subarray(i * nD, (i + 1) * nD));
    }
    const rows = bRows.concat(gRows);
    const m = rows.length;
    const y = new Float64Array(m * nD);
    rows.forEach((row, a) => y.set(row, a * nD));
    const matrix = gramUpper(y, m, nD);
    for (let a = 0; a < mus.length; a++) matrix[a * m + a] += mus[a];
    return { matrix, m };
  }
}

/** Upper triangle of Y·Yᵀ (Y is m × k row-major), 2 × 2 output blocks so each loaded entry serves twice. */
function gramUpper(y: Float64Array, m: number, k: number): Float64Array {
  const g = new Float64Array(m * m);
  let a = 0;
  for (; a + 1 < m; a += 2) {
    const ra = a * k;
    const rb = ra + k;
    for (let b = a; b < m; b += 2) {
      const r0 = b * k;
      if (b + 1 < m) {
        const r1 = r0 + k;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let t = 0; t < k; t++) {
          const x0 = y[ra + t];
          const x1 = y[rb + t];
          const z0 = y[r0 + t];
          const z1 = y[r1 + t];
          s00 += x0 * z0;
          s01 += x0 * z1;
          s10 += x1 * z0;
          s11 += x1 * z1;
        }
        g[a * m + b] = s00;
        g[a * m + b + 1] = s01;
        if (b > a) g[(a + 1) * m + b] = s10;
        g[(a + 1) * m + b + 1] = s11;
      } else {
        let s0 = 0;
        let s1 = 0;
        for (let t = 0; t < k; t++) {
          s0 += y[ra + t] * y[r0 + t];
          s1 += y[rb + t] * y[r0 + t];
        }
        g[a * m + b] = s0;
        g[(a + 1) * m + b] = s1;
      }
    }
  }
  if (a < m) {
    let s0 = 0;
    for (let t = 0; t < k; t++) s0 += y[a * k + t] * y[a * k + t];
    g[a * m + a] = s0;
  }
  return g;
}

function allSamples(n: number): Int32Array {
  const s = new Int32Array(n);
  for (let i = 0; i < n; i++) s[i] = i;
  return s;
}

/** Orthonormal basis (rows) of span{x̃_i : i ∈ samples} by Gram–Schmidt with reorthogonalisation. */
function containerBasis(op: OneLayerHessian, samples: Int32Array): { t: Float64Array; d: number } {
  const Din = op.inputDim;
  const Dt = Din + 1;
  const x = op.data.x;
  const t = new Float64Array(Dt * Dt);
  const v = new Float64Array(Dt);
  let d = 0;
  for (const i of samples) {
    if (d === Dt) break;
    for (let l = 0; l < Din; l++) v[l] = x[i * Din + l];
    v[Din] = 1;
    const before = Math.sqrt(op.xNorm2[i]);
    for (let pass = 0; pass < 2; pass++)
      for (let a = 0; a < d; a++) {
        let s = 0;
        for (let l = 0; l < Dt; l++) s += t[a * Dt + l] * v[l];
        for (let l = 0; l < Dt; l++) v[l] -= s * t[a * Dt + l];
      }
    let norm = 0;
    for (let l = 0; l < Dt; l++) norm += v[l] * v[l];
    norm = Math.sqrt(norm);
    if (norm <= SPAN_DROP * before) continue;
    for (let l = 0; l < Dt; l++) t[d * Dt + l] = v[l] / norm;
    d++;
  }
  return { t, d };
}

function unitBlock(op: OneLayerHessian, k: number, shared: { t: Float64Array; d: number } | null): UnitBlock {
  const { n, units: N, inputDim: Din, outputDim: D } = op;
  const Dt = Din + 1;
  const list: number[] = [];
  for (let i = 0; i < n; i++) if (op.d1[i * N + k] !== 0 || op.d2[i * N + k] * op.g[i * N + k] !== 0) list.push(i);
  const samples = Int32Array.from(list);
  const { t, d } = shared ?? containerBasis(op, samples);
  const x = op.data.x;
  const xi = new Float64Array(samples.length * d);
  samples.forEach((i, s) => {
    for (let a = 0; a < d; a++) {
      let acc = t[a * Dt + Din];
      for (let l = 0; l < Din; l++) acc += t[a * Dt + l] * x[i * Din + l];
      xi[s * d + a] = acc;
    }
  });
  // Residual block in container coordinates [ξ (d), V_{:,k} (D)].
  const e = d + D;
  const blk = new Float64Array(e * e);
  samples.forEach((i, s) => {
    const ik = i * N + k;
    const curv = op.g[ik] * op.d2[ik];
    const d1 = op.d1[ik];
    for (let a = 0; a < d; a++) {
      const xa = xi[s * d + a];
      if (curv !== 0) for (let b = a; b < d; b++) blk[a * e + b] += curv * xa * xi[s * d + b];
      if (d1 !== 0) for (let j = 0; j < D; j++) blk[a * e + d + j] += d1 * op.r[i * D + j] * xa;
    }
  });
  const { values, vectors } = symmetricEigen(blk, e);
  let scale = 0;
  for (const mu of values) scale = Math.max(scale, Math.abs(mu));
  return { unit: k, samples, d, xi, values, vectors, scale };
}

/** √c0·J·u for a container vector u = [u_ξ (d), u_V (D)] of unit blk.unit (length n·D). */
function jImage(op: OneLayerHessian, blk: UnitBlock, u: Float64Array, sq: number): Float64Array {
  const { n, units: N, outputDim: D } = op;
  const k = blk.unit;
  const d = blk.d;
  const V = op.layout.v;
  const y = new Float64Array(n * D);
  for (let i = 0; i < n; i++) {
    const h = op.h[i * N + k];
    if (h !== 0) for (let j = 0; j < D; j++) y[i * D + j] = sq * h * u[d + j];
  }
  blk.samples.forEach((i, s) => {
    const d1 = op.d1[i * N + k];
    if (d1 === 0) return;
    let p = 0;
    for (let a = 0; a < d; a++) p += blk.xi[s * d + a] * u[a];
    const f = sq * d1 * p;
    for (let j = 0; j < D; j++) y[i * D + j] += f * op.params[V + j * N + k];
  });
  return y;
}
