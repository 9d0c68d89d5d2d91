// One-hidden-layer MLP (ReLU, MSE) for a single run: forward, loss and gradient, generic over the element
// type T (f64 or f32; each instantiation is its own monomorphic copy). Parameters are in the canonical layout
// of packages/engine/src/layout.ts: W (H×D, row-major), b (H), V (O×H), then c (O) if the net has it.
//
// Vectorisation never splits a sum: each output entry is accumulated over its reduction index in increasing
// order from the same start value as the reference kernels (see tiles.ts), so float64 results equal the
// reference's bit for bit, and a replica's numbers do not depend on how it is laid out.
//   forward   HT[j][s] = relu(b[j] + Σ_d W[j][d]·XT[d][s])         vectors over samples s
//             OT[o][s] = c[o] + Σ_j V[o][j]·HT[j][s]                vectors over samples s
//   errors    e = out − y, loss = Σ e² / (n·O) in row-major order, E = (2/(n·O))·e  (scalar, canonical order)
//   backward  dVT[j][o] = Σ_s HT[j][s]·Es[s][o]                     vectors over outputs o
//             dHT[j][s] = [HT > 0]·Σ_o V[o][j]·ET[o][s]             vectors over samples s
//             dWa[j][d] = Σ_s dHT[j][s]·Xa[s][d], Xa = [X | 1]        vectors over inputs d (column D gives db)

import { MK_HIDDEN, MK_WEIGHT, MK_WTILDE } from './dropout';
import { vkeepPositive, vmul } from './simd';
import { EPI_MASK, EPI_NONE, EPI_RELU, gemm, gemmX, INIT_BIAS, INIT_ZERO } from './tiles';

// ---------------------------------------------------------------- context block (i32 fields)
// JS fills these (src/wasm/layout.ts mirrors the indices). Pointers are byte offsets; sizes are elements.
export const C_D = 0; // inputDim
export const C_H = 1; // hidden units
export const C_O = 2; // outputDim
export const C_HAS_C = 3; // 1 if the readout has a bias c
export const C_N = 4; // samples in the current batch
export const C_NS = 5; // sample stride of the transposed buffers (capacity, a multiple of 4)
export const C_DP = 6; // row length of Xa and dWa: D + 1 rounded up to whole vectors
export const C_OP = 7; // row length of Es and dVT: O rounded up to whole vectors
export const C_P = 8; // nParams
export const C_THETA = 9;
export const C_GRAD = 10;
export const C_XC = 11; // batch inputs, canonical n × D
export const C_Y = 12; // batch targets, canonical n × O
export const C_XT = 13; // D × NS
export const C_XA = 14; // n × DP
export const C_HT = 15; // H × NS
export const C_OT = 16; // O × NS
export const C_ET = 17; // O × NS
export const C_ES = 18; // n × OP
export const C_DHT = 19; // H × NS
export const C_DWA = 20; // H × DP
export const C_DVT = 21; // H × OP
export const C_HTC = 22; // H × NS: rows of HT of the units active on the batch
// field 23 is unused (it held a gathered copy of V's columns of the active units)
export const C_ACT = 24; // i32 × H: their indices
export const C_FIELDS = 25;

@inline export function field(ctx: usize, i: i32): i32 {
  return load<i32>(ctx + (<usize>i << 2));
}
@inline export function ptr(ctx: usize, i: i32): usize {
  return <usize>load<i32>(ctx + (<usize>i << 2));
}

/** Lanes of T in a v128. */
@inline function L<T>(): i32 {
  return 16 / sizeof<T>();
}

/**
 * dst[0 … bytes) ← src[…] for short rows (bytes a multiple of 4, no overlap): v128 moves inline, where
 * memory.copy is a call into the engine that costs more than moving a 160-byte row.
 */
@inline function copyRow(dst: usize, src: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.load(src + i));
  for (; i < bytes; i += 4) store<u32>(dst + i, load<u32>(src + i));
}

/** dst[i] = a[i]·b[i] for i < count rounded up to whole vectors (the buffers have room for the rounding). */
@inline function mulVectors<T>(dst: usize, a: usize, b: usize, count: i32): void {
  const bytes = <usize>count * sizeof<T>();
  for (let i: usize = 0; i < bytes; i += 16) v128.store(dst + i, vmul<T>(v128.load(a + i), v128.load(b + i)));
}

/** dst[d] = a[d]·b[d] for d < len (a gradient row times its DropConnect mask row; the tail is scalar). */
@inline function mulRow<T>(dst: usize, a: usize, b: usize, len: i32): void {
  const sz = <usize>sizeof<T>();
  const whole = <usize>(len - len % L<T>()) * sz;
  let i: usize = 0;
  for (; i < whole; i += 16) v128.store(dst + i, vmul<T>(v128.load(a + i), v128.load(b + i)));
  for (; i < <usize>len * sz; i += sz) store<T>(dst + i, load<T>(a + i) * load<T>(b + i));
}

/** dst[0 … bytes) ← 0 for short rows (bytes a multiple of 4), inline like copyRow. */
@inline function zeroRow(dst: usize, bytes: usize): void {
  let i: usize = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, i64x2.splat(0));
  for (; i < bytes; i += 4) store<u32>(dst + i, 0);
}

/** XT and Xa from the canonical batch inputs XC (n × D). Padding entries are zero; Xa[s][D] = 1. */
export function prepareInputs<T>(ctx: usize): void {
  const D = field(ctx, C_D);
  const n = field(ctx, C_N);
  const ns = field(ctx, C_NS);
  const dp = field(ctx, C_DP);
  const xc = ptr(ctx, C_XC);
  const xt = ptr(ctx, C_XT);
  const xa = ptr(ctx, C_XA);
  const sz = <usize>sizeof<T>();
  memory.fill(xt, 0, <usize>(D * ns) * sz);
  for (let s = 0; s < n; s++) {
    const row = xc + <usize>(s * D) * sz;
    const arow = xa + <usize>(s * dp) * sz;
    for (let d = 0; d < D; d++) {
      const v = load<T>(row + <usize>d * sz);
      store<T>(xt + <usize>(d * ns + s) * sz, v);
      store<T>(arow + <usize>d * sz, v);
    }
    store<T>(arow + <usize>D * sz, <T>1);
    for (let d = D + 1; d < dp; d++) store<T>(arow + <usize>d * sz, <T>0);
  }
}

/** HT and OT for the current batch from the parameters at theta. */
export function forward<T>(ctx: usize, theta: usize): void {
  const D = field(ctx, C_D);
  const H = field(ctx, C_H);
  const O = field(ctx, C_O);
  const n = field(ctx, C_N);
  const ns = field(ctx, C_NS);
  const sz = <usize>sizeof<T>();
  const nv = (n + L<T>() - 1) / L<T>();
  const ld = <usize>ns * sz;
  const ht = ptr(ctx, C_HT);
  const bOff = theta + <usize>(H * D) * sz;
  const vOff = bOff + <usize>H * sz;
  const cOff = vOff + <usize>(O * H) * sz;
  gemm<T>(H, nv, D, theta, <usize>D * sz, sz, ptr(ctx, C_XT), ld, ht, ld, INIT_BIAS, bOff, sz, EPI_RELU, 0, 0);
  const init = field(ctx, C_HAS_C) ? INIT_BIAS : INIT_ZERO;
  gemm<T>(O, nv, H, vOff, <usize>H * sz, sz, ht, ld, ptr(ctx, C_OT), ld, init, cOff, sz, EPI_NONE, 0, 0);
}

/**
 * Loss and gradient of the current batch against targets at y (canonical n × O), written to GRAD in the
 * canonical layout. Returns the loss Σ(out − y)²/(n·O).
 *
 * Units silent on every sample of the batch (common: ReLU nets sparsify as they drift) add exact zeros to every
 * sum after the first layer, so they are dropped from the products: their gradient entries are +0, as the
 * reference computes them, and every other sum keeps its terms in the same order.
 *
 * masks: 0, or a dropout masks block (dropout.ts). A node mask m multiplies the activations (h = relu(z)·m,
 * which then also decides the active units) and the hidden errors; the reference zeroes an error where
 * relu(z) ≤ 0 after multiplying by m, and h > 0 ⇔ (relu(z) > 0 and m > 0), so keeping the errors where h > 0
 * and then multiplying by m gives its numbers. A DropConnect mask multiplies W in the hidden product and W's
 * gradient rows (not the bias), as the reference's masked weight copy and `grad *= mask` do.
 */
export function lossGrad<T>(ctx: usize, theta: usize, y: usize, masks: usize): f64 {
  const D = field(ctx, C_D);
  const H = field(ctx, C_H);
  const O = field(ctx, C_O);
  const n = field(ctx, C_N);
  const ns = field(ctx, C_NS);
  const dp = field(ctx, C_DP);
  const op = field(ctx, C_OP);
  const sz = <usize>sizeof<T>();
  const ot = ptr(ctx, C_OT);
  const et = ptr(ctx, C_ET);
  const es = ptr(ctx, C_ES);
  const ht = ptr(ctx, C_HT);
  const dht = ptr(ctx, C_DHT);
  const dwa = ptr(ctx, C_DWA);
  const dvt = ptr(ctx, C_DVT);
  const grad = ptr(ctx, C_GRAD);
  const act = ptr(ctx, C_ACT);
  const ld = <usize>ns * sz;
  const nv = (n + L<T>() - 1) / L<T>();
  const bOff = theta + <usize>(H * D) * sz;
  const vOff = bOff + <usize>H * sz;
  const cOff = vOff + <usize>(O * H) * sz;
  const hmask = masks ? ptr(masks, MK_HIDDEN) : 0;
  const wmask = masks ? ptr(masks, MK_WEIGHT) : 0;
  let w = theta;
  if (wmask) {
    w = ptr(masks, MK_WTILDE);
    mulVectors<T>(w, theta, wmask, H * D);
  }

  // Hidden layer, then the active units. The padding lanes of the last vector the product wrote are zeroed (so
  // they cannot look active), in registers: scalar stores followed by a vector load of the same bytes would stall
  // store forwarding on every unit. Lanes past nv vectors are never written, so stay zero.
  gemm<T>(H, nv, D, w, <usize>D * sz, sz, ptr(ctx, C_XT), ld, ht, ld, INIT_BIAS, bOff, sz, EPI_RELU, 0, 0);
  if (hmask) mulVectors<T>(ht, ht, hmask, H * ns); // the mask's padding samples are 0
  const whole = n / L<T>();
  const rem = n - whole * L<T>();
  const laneIds = sizeof<T>() == 8 ? i32x4(0, 0, 1, 1) : i32x4(0, 1, 2, 3);
  const tailMask = i32x4.lt_s(laneIds, i32x4.splat(rem));
  let na = 0;
  for (let j = 0; j < H; j++) {
    const row = ht + <usize>j * ld;
    let any = i64x2.splat(0);
    for (let v = 0; v < whole; v++) any = v128.or(any, vkeepPositive<T>(i64x2.splat(-1), v128.load(row + (<usize>v << 4))));
    if (rem) {
      const last = row + (<usize>whole << 4);
      const kept = v128.and(v128.load(last), tailMask);
      v128.store(last, kept);
      any = v128.or(any, vkeepPositive<T>(i64x2.splat(-1), kept));
    }
    if (v128.any_true(any)) {
      store<i32>(act + (<usize>na << 2), j);
      na++;
    }
  }
  // Products over the active units: the full buffers when all are active; otherwise a compacted copy of their
  // rows of HT, and V's columns of them read in place through the index table (gemmX).
  const all = na == H;
  let hta = ht;
  if (!all) {
    hta = ptr(ctx, C_HTC);
    for (let a = 0; a < na; a++) copyRow(hta + <usize>a * ld, ht + <usize>load<i32>(act + (<usize>a << 2)) * ld, ld);
  }
  const init = field(ctx, C_HAS_C) ? INIT_BIAS : INIT_ZERO;
  const vRow = <usize>H * sz;
  if (all) gemm<T>(O, nv, H, vOff, vRow, sz, ht, ld, ot, ld, init, cOff, sz, EPI_NONE, 0, 0);
  else gemmX<T, u32>(O, nv, na, vOff, vRow, sz, hta, ld, ot, ld, init, cOff, sz, EPI_NONE, 0, 0, act);

  const len = n * O;
  const scale: f64 = 2.0 / <f64>len;
  let sse: f64 = 0;
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < O; o++) {
      // In f64, as the reference computes (its float32 copy also works in doubles between stores).
      const e = <f64>load<T>(ot + <usize>(o * ns + s) * sz) - <f64>load<T>(y + <usize>(s * O + o) * sz);
      sse += e * e;
      const d = <T>(scale * e);
      store<T>(et + <usize>(o * ns + s) * sz, d);
      store<T>(es + <usize>(s * op + o) * sz, d);
    }
  }
  // Padded samples carry no error (their rows of dHT must be zero for the sums below).
  for (let o = 0; o < O; o++) for (let s = n; s < ns; s++) store<T>(et + <usize>(o * ns + s) * sz, <T>0);
  // dVT[a][·] = Σ_s HT[a][s]·Es[s][·];  dHT[a][·] = [HT > 0]·Σ_o V[o][a]·ET[o][·];  dWa[a][·] = Σ_s dHT[a][s]·Xa[s][·]
  gemm<T>(na, op / L<T>(), n, hta, ld, sz, es, <usize>op * sz, dvt, <usize>op * sz, INIT_ZERO, 0, 0, EPI_NONE, 0, 0);
  if (all) gemm<T>(H, nv, O, vOff, sz, vRow, et, ld, dht, ld, INIT_ZERO, 0, 0, EPI_MASK, hta, ld);
  else gemmX<T, u16>(na, nv, O, vOff, sz, vRow, et, ld, dht, ld, INIT_ZERO, 0, 0, EPI_MASK, hta, ld, act);
  if (hmask) {
    for (let a = 0; a < na; a++) {
      const j = na == H ? a : load<i32>(act + (<usize>a << 2));
      mulVectors<T>(dht + <usize>a * ld, dht + <usize>a * ld, hmask + <usize>j * ld, nv * L<T>());
    }
  }
  // dWa: W's gradient rows go straight into the canonical gradient (C's rows through the index table) when they
  // are whole vectors and no DropConnect mask multiplies them; the bias column (and its padding) into DWA.
  const xa = ptr(ctx, C_XA);
  const direct = !wmask && D % L<T>() == 0;
  if (direct) {
    gemmX<T, u64>(na, D / L<T>(), n, dht, ld, sz, xa, <usize>dp * sz, grad, <usize>D * sz, INIT_ZERO, 0, 0, EPI_NONE, 0, 0, act);
    gemm<T>(na, (dp - D) / L<T>(), n, dht, ld, sz, xa + <usize>D * sz, <usize>dp * sz, dwa + <usize>D * sz, <usize>dp * sz, INIT_ZERO, 0, 0, EPI_NONE, 0, 0);
  } else {
    gemm<T>(na, dp / L<T>(), n, dht, ld, sz, xa, <usize>dp * sz, dwa, <usize>dp * sz, INIT_ZERO, 0, 0, EPI_NONE, 0, 0);
  }
  // Canonical gradient: W rows, b, V (transposed back), c; silent units get +0 (written unit by unit: cheaper
  // than clearing the whole gradient first).
  const gv = grad + <usize>(H * D + H) * sz;
  let a = 0;
  for (let j = 0; j < H; j++) {
    const active = a < na && (na == H || load<i32>(act + (<usize>a << 2)) == j);
    if (active) {
      if (wmask) mulRow<T>(grad + <usize>(j * D) * sz, dwa + <usize>(a * dp) * sz, wmask + <usize>(j * D) * sz, D);
      else if (!direct) copyRow(grad + <usize>(j * D) * sz, dwa + <usize>(a * dp) * sz, <usize>D * sz);
      store<T>(grad + <usize>(H * D + j) * sz, load<T>(dwa + <usize>(a * dp + D) * sz));
      for (let o = 0; o < O; o++) store<T>(gv + <usize>(o * H + j) * sz, load<T>(dvt + <usize>(a * op + o) * sz));
      a++;
    } else {
      zeroRow(grad + <usize>(j * D) * sz, <usize>D * sz);
      store<T>(grad + <usize>(H * D + j) * sz, <T>0);
      for (let o = 0; o < O; o++) store<T>(gv + <usize>(o * H + j) * sz, <T>0);
    }
  }
  if (field(ctx, C_HAS_C)) {
    const gc = gv + <usize>(O * H) * sz;
    for (let o = 0; o < O; o++) {
      let acc: T = 0;
      for (let s = 0; s < n; s++) acc += load<T>(es + <usize>(s * op + o) * sz);
      store<T>(gc + <usize>o * sz, acc);
    }
  }
  return sse / <f64>len;
}

/** Loss only (forward + squared errors in row-major order). */
export function lossOnly<T>(ctx: usize, theta: usize, y: usize): f64 {
  forward<T>(ctx, theta);
  const O = field(ctx, C_O);
  const n = field(ctx, C_N);
  const ns = field(ctx, C_NS);
  const sz = <usize>sizeof<T>();
  const ot = ptr(ctx, C_OT);
  let sse: f64 = 0;
  for (let s = 0; s < n; s++) {
    for (let o = 0; o < O; o++) {
      const e = <f64>load<T>(ot + <usize>(o * ns + s) * sz) - <f64>load<T>(y + <usize>(s * O + o) * sz);
      sse += e * e;
    }
  }
  return sse / <f64>(n * O);
}

/** dst[c][r] = src[r][c] for r < rows, c < cols (row strides in elements). */
export function transpose<T>(src: usize, rows: i32, cols: i32, lds: i32, dst: usize, ldd: i32): void {
  const sz = <usize>sizeof<T>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) store<T>(dst + <usize>(c * ldd + r) * sz, load<T>(src + <usize>(r * lds + c) * sz));
  }
}
