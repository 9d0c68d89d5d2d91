// Fused training steps for a single run: batch ops → dropout masks → loss and gradient → update ops → θ += u, many steps
// per call, with all per-step noise drawn here from the counter-based streams (block = step). Every op
// reproduces the numbers of its TypeScript transform (packages/rules-*): the same draws, the same
// arithmetic in the same order (float32 ops that the TS code does in doubles are done in f64 here too).

import { MK_HIDDEN, MK_WEIGHT, nodeMasks, weightMasks } from './dropout';
import { C_D, C_H, C_N, C_NS, C_THETA, C_GRAD, C_XC, C_P, C_Y, field, lossGrad, prepareInputs, ptr } from './mlp';
import { uniformsBulk } from './rng';
import { sampleRowsFrom } from './rows';
import { noiseBulk } from './step-noise';

// ---------------------------------------------------------------- plan block (i32 fields)
export const F_NBATCH = 0;
export const F_BATCH = 1; // op records
export const F_NUPD = 2;
export const F_UPD = 3;
export const F_NOISE = 4; // f64 scratch: max(P, n·O) rounded up to 16
export const F_FULLX = 5; // full data, canonical
export const F_FULLY = 6;
export const F_NFULL = 7;
export const F_ROWS = 8; // i32 minibatch rows
export const F_PERM = 9; // i32 identity permutation of the full data rows (partial Fisher–Yates)
export const F_SWAPS = 10; // i32
export const F_BX = 11; // minibatch inputs k × D
export const F_BY = 12; // minibatch targets k × O
export const F_YN = 13; // noisy targets n × O
export const F_PREPARED = 14; // which inputs XT/Xa hold: 0 none, 1 full data, 2 a minibatch
export const F_D = 15;
export const F_O = 16;
export const F_DROP = 17; // the dropout op record, or 0
export const F_MASKS = 18; // its masks block (dropout.ts)

// Op records: 32 bytes = i32 code, i32 a, i32 b, i32 c, f64 x, f64 y.
export const OP_NOISE = 1; // b: key schedule, x: std
export const OP_SCALE = 2; // x: factor
export const OP_MOMENTUM = 3; // a: nesterov, b: buffer (T), x: beta
export const OP_MINIBATCH = 10; // a: batch size, b: key schedule
export const OP_LABEL_UNIFORM = 11; // b: key schedule, x: scale
export const OP_LABEL_GAUSSIAN = 12; // b: key schedule, x: scale
export const OP_DROPOUT = 20; // a: 1 for DropConnect, b: key schedule, x: rate p, y: keep = 1/(1−p)

@inline function opCode(op: usize): i32 {
  return load<i32>(op);
}
@inline function opA(op: usize): i32 {
  return load<i32>(op, 4);
}
@inline function opB(op: usize): usize {
  return <usize>load<i32>(op, 8);
}
@inline function opX(op: usize): f64 {
  return load<f64>(op, 16);
}
@inline function opY(op: usize): f64 {
  return load<f64>(op, 24);
}

/** Rows of the minibatch (partial Fisher–Yates on U(step, i), as rules-sgd's RowSampler). */
function sampleRows(plan: usize, ks: usize, step: i32, n: i32, k: i32): void {
  const u = ptr(plan, F_NOISE);
  uniformsBulk(ks, k, i32x4.splat(step), u, f64x2.splat(0), f64x2.splat(1));
  sampleRowsFrom(u, 8, n, k, ptr(plan, F_PERM), ptr(plan, F_SWAPS), ptr(plan, F_ROWS));
}

function gatherRows<T>(src: usize, dst: usize, rows: usize, k: i32, dim: i32): void {
  const sz = <usize>sizeof<T>();
  const bytes = <usize>dim * sz;
  for (let i = 0; i < k; i++) memory.copy(dst + <usize>i * bytes, src + <usize>load<i32>(rows + (<usize>i << 2)) * bytes, bytes);
}

/** dst[i] = T(noise[i]) + y[i] for i < len (the label-noise transform's `out = noise; out += y`). */
function addNoise<T>(noise: usize, y: usize, dst: usize, len: i32): void {
  const sz = <usize>sizeof<T>();
  for (let i = 0; i < len; i++) {
    store<T>(dst + <usize>i * sz, <T>load<f64>(noise + (<usize>i << 3)) + load<T>(y + <usize>i * sz));
  }
}

/** Batch ops of `step`; leaves the batch in ctx (N, XC prepared into XT/Xa) and returns its targets. */
export function runBatchOps<T>(ctx: usize, plan: usize, step: i32): usize {
  const D = field(plan, F_D);
  const O = field(plan, F_O);
  let x = ptr(plan, F_FULLX);
  let y = ptr(plan, F_FULLY);
  let n = field(plan, F_NFULL);
  let sampled = false;
  const nb = field(plan, F_NBATCH);
  const ops = ptr(plan, F_BATCH);
  for (let b = 0; b < nb; b++) {
    const op = ops + (<usize>b << 5);
    const code = opCode(op);
    if (code == OP_MINIBATCH) {
      const k = opA(op);
      sampleRows(plan, opB(op), step, n, k);
      gatherRows<T>(x, ptr(plan, F_BX), ptr(plan, F_ROWS), k, D);
      gatherRows<T>(y, ptr(plan, F_BY), ptr(plan, F_ROWS), k, O);
      x = ptr(plan, F_BX);
      y = ptr(plan, F_BY);
      n = k;
      sampled = true;
    } else {
      const scale = opX(op);
      const noise = ptr(plan, F_NOISE);
      if (code == OP_LABEL_UNIFORM) {
        const lo = -scale / 2;
        const hi = scale / 2;
        uniformsBulk(opB(op), n * O, i32x4.splat(step), noise, f64x2.splat(lo), f64x2.splat(hi - lo));
      } else {
        noiseBulk(opB(op), n * O, step, noise, scale);
      }
      addNoise<T>(noise, y, ptr(plan, F_YN), n * O);
      y = ptr(plan, F_YN);
    }
  }
  const want = sampled ? 2 : 1;
  if (sampled || field(plan, F_PREPARED) != want) {
    store<i32>(ctx + (<usize>C_N << 2), n);
    store<i32>(ctx + (<usize>C_XC << 2), <i32>x);
    prepareInputs<T>(ctx);
    store<i32>(plan + (<usize>F_PREPARED << 2), want);
  }
  return y;
}

/** The dropout masks of `step` for the batch in ctx; returns the masks block for lossGrad (0: no dropout). */
export function drawMasks<T>(ctx: usize, plan: usize, step: i32): usize {
  const op = ptr(plan, F_DROP);
  if (!op) return 0;
  const masks = ptr(plan, F_MASKS);
  const H = field(ctx, C_H);
  if (opA(op)) weightMasks<T>(opB(op), step, H * field(ctx, C_D), opX(op), opY(op), ptr(masks, MK_WEIGHT));
  else nodeMasks<T>(opB(op), step, H, field(ctx, C_N), field(ctx, C_NS), opX(op), opY(op), ptr(masks, MK_HIDDEN));
  return masks;
}

/** u ← u + T(noise) for i < len (the update-noise transform's Float32Array/Float64Array add). */
function addNoiseInPlace<T>(u: usize, noise: usize, len: i32): void {
  if (sizeof<T>() == 8) {
    for (let i = 0; i < len; i += 2) {
      const o = <usize>i << 3;
      v128.store(u + o, f64x2.add(v128.load(u + o), v128.load(noise + o)));
    }
  } else {
    for (let i = 0; i < len; i += 4) {
      const n = i32x4.shuffle(f32x4.demote_f64x2_zero(v128.load(noise + (<usize>i << 3))), f32x4.demote_f64x2_zero(v128.load(noise + (<usize>i << 3), 16)), 0, 1, 4, 5);
      v128.store(u + (<usize>i << 2), f32x4.add(v128.load(u + (<usize>i << 2)), n));
    }
  }
}

/** u ← u·factor, the product taken in f64 (float32: rounded once, as the TS transform's store does). */
function scaleInPlace<T>(u: usize, factor: f64, len: i32): void {
  const fv = f64x2.splat(factor);
  if (sizeof<T>() == 8) {
    for (let i = 0; i < len; i += 2) {
      const o = <usize>i << 3;
      v128.store(u + o, f64x2.mul(v128.load(u + o), fv));
    }
  } else {
    for (let i = 0; i < len; i += 4) {
      const o = u + (<usize>i << 2);
      const v = v128.load(o);
      const a = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v), fv));
      const b = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3)), fv));
      v128.store(o, i32x4.shuffle(a, b, 0, 1, 4, 5));
    }
  }
}

/** Momentum (rules-sgd): b = β·buf + g; buf = b; u = b, or u = g + β·b (Nesterov); in f64, rounded on store. */
function momentumInPlace<T>(u: usize, buf: usize, beta: f64, nesterov: bool, len: i32): void {
  const sz = <usize>sizeof<T>();
  for (let i = 0; i < len; i++) {
    const g = <f64>load<T>(u + <usize>i * sz);
    const b = beta * <f64>load<T>(buf + <usize>i * sz) + g;
    store<T>(buf + <usize>i * sz, <T>b);
    store<T>(u + <usize>i * sz, nesterov ? <T>(g + beta * b) : <T>b);
  }
}

/** θ ← θ + u. */
function applyUpdate<T>(theta: usize, u: usize, len: i32): void {
  const sz = <usize>sizeof<T>();
  const L = 16 / <i32>sz;
  for (let i = 0; i < len; i += L) {
    const o = <usize>i * sz;
    if (sz == 8) v128.store(theta + o, f64x2.add(v128.load(theta + o), v128.load(u + o)));
    else v128.store(theta + o, f32x4.add(v128.load(theta + o), v128.load(u + o)));
  }
}

/** Noise entries i, i + 1 as f64: stored (N = f64, std·z as noiseBulk writes it) or std·f64(z) of raw float32 z. */
@inline function noiseLo<N>(noise: usize, i: i32, sv: v128): v128 {
  if (sizeof<N>() == 8) return v128.load(noise + (<usize>i << 3));
  return f64x2.mul(sv, f64x2.promote_low_f32x4(v128.load64_zero(noise + (<usize>i << 2))));
}

/**
 * θ ← θ + T(T(u + T(noise))·factor): the DriftReg update (noise on the gradient, then scale(−lr), then apply)
 * in one pass, with exactly the operations of addNoiseInPlace, scaleInPlace and applyUpdate in turn. The noise
 * is noiseBulk's f64 values (N = f64) or a noise-thread ring slot's raw float32 z (N = f32; std·f64(z) is the
 * same number).
 */
function noiseScaleApply<T, N>(theta: usize, u: usize, noise: usize, std: f64, factor: f64, len: i32): void {
  const fv = f64x2.splat(factor);
  const sv = f64x2.splat(std);
  for (let i = 0; i < len; i += 4) {
    const n0 = noiseLo<N>(noise, i, sv);
    const n1 = noiseLo<N>(noise, i + 2, sv);
    if (sizeof<T>() == 8) {
      const o = <usize>i << 3;
      v128.store(theta + o, f64x2.add(v128.load(theta + o), f64x2.mul(f64x2.add(v128.load(u + o), n0), fv)));
      v128.store(theta + o, f64x2.add(v128.load(theta + o, 16), f64x2.mul(f64x2.add(v128.load(u + o, 16), n1), fv)), 16);
    } else {
      const o = <usize>i << 2;
      const w = f32x4.add(v128.load(u + o), i32x4.shuffle(f32x4.demote_f64x2_zero(n0), f32x4.demote_f64x2_zero(n1), 0, 1, 4, 5));
      const a = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(w), fv));
      const b = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(i32x4.shuffle(w, w, 2, 3, 2, 3)), fv));
      v128.store(theta + o, f32x4.add(v128.load(theta + o), i32x4.shuffle(a, b, 0, 1, 4, 5)));
    }
  }
}

/** dst[i] = std·f64(z[i]) for i < len rounded up to 2: a ring slot as noiseBulk would have written it. */
function expandZ(z: usize, std: f64, dst: usize, len: i32): void {
  const sv = f64x2.splat(std);
  for (let i = 0; i < len; i += 2) v128.store(dst + (<usize>i << 3), noiseLo<f32>(z, i, sv));
}

/**
 * The update ops of `step` on the gradient in GRAD, then θ ← θ + u. The Gaussian update noise is drawn here,
 * or, when `z` is non-zero, made from the raw normals a noise thread drew ahead (ring.ts): the same numbers.
 */
export function applyUpdates<T>(ctx: usize, plan: usize, step: i32, z: usize): void {
  const P = field(ctx, C_P);
  const theta = ptr(ctx, C_THETA);
  const u = ptr(ctx, C_GRAD);
  const nu = field(plan, F_NUPD);
  const ops = ptr(plan, F_UPD);
  const noise = ptr(plan, F_NOISE);
  if (nu == 2 && opCode(ops) == OP_NOISE && opCode(ops + 32) == OP_SCALE) {
    if (z) {
      noiseScaleApply<T, f32>(theta, u, z, opX(ops), opX(ops + 32), P);
    } else {
      noiseBulk(opB(ops), P, step, noise, opX(ops));
      noiseScaleApply<T, f64>(theta, u, noise, 0, opX(ops + 32), P);
    }
    return;
  }
  for (let k = 0; k < nu; k++) {
    const op = ops + (<usize>k << 5);
    const code = opCode(op);
    if (code == OP_NOISE) {
      if (z) expandZ(z, opX(op), noise, P);
      else noiseBulk(opB(op), P, step, noise, opX(op));
      addNoiseInPlace<T>(u, noise, P);
    } else if (code == OP_SCALE) {
      scaleInPlace<T>(u, opX(op), P);
    } else if (code == OP_MOMENTUM) {
      momentumInPlace<T>(u, opB(op), opX(op), opA(op) != 0, P);
    }
  }
  applyUpdate<T>(theta, u, P);
}

/**
 * Steps [from, from + count); returns the training loss of the last one. Buffers of length P are padded to
 * a multiple of 16 entries (the padding is scratch).
 */
export function fusedRun<T>(ctx: usize, plan: usize, from: i32, count: i32): f64 {
  const theta = ptr(ctx, C_THETA);
  let loss: f64 = 0;
  for (let step = from; step < from + count; step++) {
    const y = runBatchOps<T>(ctx, plan, step);
    loss = lossGrad<T>(ctx, theta, y, drawMasks<T>(ctx, plan, step));
    applyUpdates<T>(ctx, plan, step, 0);
  }
  return loss;
}
