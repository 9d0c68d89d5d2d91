// Per-quad draws of the ensemble kernels: for four replicas at once (their streams in the four Threefry lanes),
// the Gaussian noise of update and label ops, minibatch rows, and dropout masks of one step — the numbers each
// replica's single run draws — plus the gather of a group's minibatch into per-lane vectors.

import { TA0, TA1, TB0, TB1, TC0, TC1, TD0, TD1, threefry16 } from './interleaved';
import { uniforms4, UA, UB, wordsToUniforms } from './rng-base';
import { sampleRowsFrom } from './rows';
import { noiseBlock, noiseLanes8 } from './step-noise';
import {
  E_BATCH, E_D, E_H, E_N, E_NBATCH, E_NUPD, E_O, E_P, E_UPD, E_X, E_XB, E_YB,
  fld, OP_LABEL_GAUSSIAN, OP_LABEL_UNIFORM, OP_NOISE, ptr, rec,
} from './ensemble-layout';

/** Noise of one quad (replicas 4q … 4q+3) for every noise and label op of `step`. */
export function quadNoise(ctx: usize, q: i32, step: i32): void {
  const P = fld(ctx, E_P);
  const nO = fld(ctx, E_N) * fld(ctx, E_O);
  const r0 = q << 2;
  for (let k = 0; k < fld(ctx, E_NUPD) + fld(ctx, E_NBATCH); k++) {
    const op = k < fld(ctx, E_NUPD) ? ptr(ctx, E_UPD) + (<usize>k << 5) : ptr(ctx, E_BATCH) + (<usize>(k - fld(ctx, E_NUPD)) << 5);
    const code = rec(op, 0);
    if (code != OP_NOISE && code != OP_LABEL_UNIFORM && code != OP_LABEL_GAUSSIAN) continue;
    const ks = <usize>rec(op, 2) + (<usize>q << 7);
    const buf = <usize>rec(op, 3);
    const vals = <usize>rec(op, 4);
    if (code == OP_LABEL_UNIFORM) {
      // lo + span·U with lo = −scale/2, span = scale/2 − lo (the label-noise transform's fillUniform).
      const sLo = v128.load(vals + (<usize>r0 << 3));
      const sHi = v128.load(vals + (<usize>r0 << 3), 16);
      const loLo = f64x2.div(f64x2.neg(sLo), f64x2.splat(2));
      const loHi = f64x2.div(f64x2.neg(sHi), f64x2.splat(2));
      const spanLo = f64x2.sub(f64x2.div(sLo, f64x2.splat(2)), loLo);
      const spanHi = f64x2.sub(f64x2.div(sHi, f64x2.splat(2)), loHi);
      const bv = i32x4.splat(step);
      for (let i = 0; i < nO; i++) {
        uniforms4(ks, i32x4.splat(i), bv);
        v128.store(buf + (<usize>i << 5), f64x2.add(loLo, f64x2.mul(spanLo, UA)));
        v128.store(buf + (<usize>i << 5), f64x2.add(loHi, f64x2.mul(spanHi, UB)), 16);
      }
    } else {
      const n = code == OP_NOISE ? P : nO;
      const hb = noiseBlock(step);
      const svLo = v128.load(vals + (<usize>r0 << 3));
      const svHi = v128.load(vals + (<usize>r0 << 3), 16);
      for (let i = 0; i < n; i += 8) noiseLanes8(ks, i >> 1, hb, buf + (<usize>i << 5), svLo, svHi);
    }
  }
}

/**
 * Minibatch rows of `step` for the quad's four replicas, each exactly as rules-sgd's RowSampler (and fused.ts's
 * sampleRows) draws them from its own stream: partial Fisher–Yates on U(step, i) over an identity permutation.
 */
export function quadRows(ctx: usize, op: usize, q: i32, step: i32): void {
  const n = fld(ctx, E_N);
  const k = rec(op, 1);
  const ks = <usize>rec(op, 2) + (<usize>q << 7);
  const u = <usize>rec(op, 3);
  const rows = <usize>rec(op, 4);
  const perm = <usize>rec(op, 5);
  const swaps = <usize>rec(op, 6);
  const block = i32x4.splat(step);
  for (let i = 0; i < k; i++) {
    uniforms4(ks, i32x4.splat(i), block);
    v128.store(u + (<usize>i << 5), UA);
    v128.store(u + (<usize>i << 5), UB, 16);
  }
  for (let l = 0; l < 4; l++) {
    sampleRowsFrom(u + (<usize>l << 3), 32, n, k, perm, swaps, rows + (<usize>(((q << 2) + l) * k) << 2));
  }
}

/**
 * The group's minibatch: XB[s][d] and YB[s][o] hold, in lane l, row rows[r0 + l][s] of the shared inputs and of
 * the current targets (shared scalars at y, or per-lane vectors at y when yVec).
 */
export function gatherRows<T>(ctx: usize, op: usize, r0: i32, y: usize, yVec: bool): void {
  const D = fld(ctx, E_D);
  const O = fld(ctx, E_O);
  const k = rec(op, 1);
  const X = ptr(ctx, E_X);
  const xb = ptr(ctx, E_XB);
  const yb = ptr(ctx, E_YB);
  const sz = <usize>sizeof<T>();
  for (let l = 0; l < 16 / <i32>sz; l++) {
    const rows = <usize>rec(op, 4) + (<usize>((r0 + l) * k) << 2);
    const lane = <usize>l * sz;
    for (let s = 0; s < k; s++) {
      const row = load<i32>(rows + (<usize>s << 2));
      for (let d = 0; d < D; d++) store<T>(xb + (<usize>(s * D + d) << 4) + lane, load<T>(X + <usize>(row * D + d) * sz));
      for (let o = 0; o < O; o++) {
        const i = row * O + o;
        const v = yVec ? load<T>(y + (<usize>i << 4) + lane) : load<T>(y + <usize>i * sz);
        store<T>(yb + (<usize>(s * O + o) << 4) + lane, v);
      }
    }
  }
}

/** Mask entries i of the quad's four replicas (one chain's words): U < p ? 0 : keep, per lane (f64, 32 bytes at dst). */
@inline function storeQuadMask(dst: usize, w0: v128, w1: v128, pLo: v128, pHi: v128, kLo: v128, kHi: v128): void {
  v128.store(dst, v128.andnot(kLo, f64x2.lt(wordsToUniforms(w0, w1, false), pLo)));
  v128.store(dst, v128.andnot(kHi, f64x2.lt(wordsToUniforms(w0, w1, true), pHi)), 16);
}

/**
 * The dropout masks of `step` for one quad (rules-dropout's convention, entry i = U(step, i) < p ? 0 : 1/(1−p)
 * per replica): node masks sample-major (i = s·H + j), DropConnect masks W's entries row-major. Four entries
 * per Threefry call, one per chain, replicas in the lanes.
 */
export function quadMasks(ctx: usize, op: usize, q: i32, step: i32): void {
  const count = rec(op, 1) ? fld(ctx, E_H) * fld(ctx, E_D) : fld(ctx, E_N) * fld(ctx, E_H);
  const ks = <usize>rec(op, 2) + (<usize>q << 7);
  const buf = <usize>rec(op, 3);
  const r0 = <usize>(q << 2) << 3;
  const pLo = v128.load(<usize>rec(op, 4) + r0);
  const pHi = v128.load(<usize>rec(op, 4) + r0, 16);
  const kLo = v128.load(<usize>rec(op, 5) + r0);
  const kHi = v128.load(<usize>rec(op, 5) + r0, 16);
  const block = i32x4.splat(step);
  for (let i = 0; i < count; i += 4) {
    threefry16(ks, i32x4.splat(i), i32x4.splat(i + 1), i32x4.splat(i + 2), i32x4.splat(i + 3), block);
    const at = buf + (<usize>i << 5);
    storeQuadMask(at, TA0, TA1, pLo, pHi, kLo, kHi);
    storeQuadMask(at + 32, TB0, TB1, pLo, pHi, kLo, kHi);
    storeQuadMask(at + 64, TC0, TC1, pLo, pHi, kLo, kHi);
    storeQuadMask(at + 96, TD0, TD1, pLo, pHi, kLo, kHi);
  }
}
