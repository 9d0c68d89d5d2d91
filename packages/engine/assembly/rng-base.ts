// Counter-based noise inside the kernels, part 1: Threefry-2x32-20 on four counters at once (i32x4), the
// constants of the Box–Muller transform, and uniforms. Together with interleaved.ts (generated) and rng.ts
// this reproduces @driftlab/core's rng.ts operation for operation, so a draw here is bit-identical to
// RandomStream.normal/uniform for the same (key, block, index). Keys are vectors, so the four lanes may
// belong to four different streams (ensemble replicas) or to one stream (single runs).

// Threefry output of the last threefry4 call (wasm functions return one value; globals carry the pair).
export let TF0: v128 = i32x4.splat(0);
export let TF1: v128 = i32x4.splat(0);

@inline export function rotl(x: v128, s: i32): v128 {
  return v128.or(i32x4.shl(x, s), i32x4.shr_u(x, 32 - s));
}
// Rotation by 16 is a word permutation (V8: pshuflw + pshufhw) instead of three operations.
@inline export function rotl16(x: v128): v128 {
  return i8x16.shuffle(x, x, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
}
@inline export function rotl24(x: v128): v128 {
  // A byte shuffle here would cost V8 a five-instruction mask load; shifts are three.
  return rotl(x, 24);
}

/**
 * Key schedule for threefry4: eight vectors at `ks` (16-byte aligned, 128 bytes):
 * k0, k1, k2 = k0 ^ k1 ^ parity, and the five injections' x1 terms k2+1, k0+2, k1+3, k2+4, k0+5.
 * Computed once per call, so the round loop only loads it.
 */
@inline export function keySchedule(ks: usize, k0: v128, k1: v128): void {
  const k2 = v128.xor(v128.xor(k0, k1), i32x4.splat(0x1bd11bda));
  v128.store(ks, k0, 0);
  v128.store(ks, k1, 16);
  v128.store(ks, k2, 32);
  v128.store(ks, i32x4.add(k2, ki(I_ONE)), 48);
  v128.store(ks, i32x4.add(k0, ki(I_TWO)), 64);
  v128.store(ks, i32x4.add(k1, i32x4.splat(3)), 80);
  v128.store(ks, i32x4.add(k2, i32x4.splat(4)), 96);
  v128.store(ks, i32x4.add(k0, i32x4.splat(5)), 112);
}

/** Threefry-2x32-20 of counters (c0, c1) under the key schedule at ks, lane by lane; result in TF0, TF1. */
@inline export function threefry4(ks: usize, c0: v128, c1: v128): void {
  let x0 = i32x4.add(c0, v128.load(ks, 0));
  let x1 = i32x4.add(c1, v128.load(ks, 16));
  // Rotation constants 13 15 26 6 | 17 29 16 24, key injection after every fourth round.
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 13), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 15), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 26), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 6), x0);
  x0 = i32x4.add(x0, v128.load(ks, 16)); x1 = i32x4.add(x1, v128.load(ks, 48));
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 17), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 29), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl16(x1), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl24(x1), x0);
  x0 = i32x4.add(x0, v128.load(ks, 32)); x1 = i32x4.add(x1, v128.load(ks, 64));
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 13), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 15), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 26), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 6), x0);
  x0 = i32x4.add(x0, v128.load(ks, 0)); x1 = i32x4.add(x1, v128.load(ks, 80));
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 17), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 29), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl16(x1), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl24(x1), x0);
  x0 = i32x4.add(x0, v128.load(ks, 16)); x1 = i32x4.add(x1, v128.load(ks, 96));
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 13), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 15), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 26), x0);
  x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl(x1, 6), x0);
  x0 = i32x4.add(x0, v128.load(ks, 32)); x1 = i32x4.add(x1, v128.load(ks, 112));
  TF0 = x0;
  TF1 = x1;
}

// ---------------------------------------------------------------- Box–Muller (see core rng.ts boxMuller)
// float32 arithmetic, the four Threefry lanes (four pairs) per SIMD operation, operation for operation the
// Math.fround sequence of core's boxMuller.

// Constants live in memory: a v128.const inside a loop costs V8 four instructions, a splat load one.
const KF: usize = memory.data<f32>([
  0.5, 1.4142135623730951, 1.0, 2.0, -2.0,
  6.6666662693e-1, 4.0000972152e-1, 2.8498786688e-1, 2.4279078841e-1,
  6.9313812256e-1, 9.0580006145e-6,
  -1.6666654611e-1, 8.3321608736e-3, -1.9515295891e-4,
  4.166664568298827e-2, -1.388731625493765e-3, 2.443315711809948e-5,
  <f32>(2 * Math.PI) / 4294967296.0, 1.0 / 4294967296.0,
], 16);
export const F_HALF = 0;
export const F_SQRT2 = 1;
export const F_ONE = 2;
export const F_TWO = 3;
export const F_MINUS_TWO = 4;
export const F_LG1 = 5;
export const F_LG2 = 6;
export const F_LG3 = 7;
export const F_LG4 = 8;
export const F_LN2_HI = 9;
export const F_LN2_LO = 10;
export const F_S1 = 11;
export const F_S2 = 12;
export const F_S3 = 13;
export const F_C1 = 14;
export const F_C2 = 15;
export const F_C3 = 16;
export const F_ANGLE_STEP = 17; // float32(2π)/2³²
export const F_2_M32 = 18;
@inline export function kf(i: i32): v128 {
  return v128.load32_splat(KF + (<usize>i << 2));
}
const KI: usize = memory.data<i32>([0, 1, 2, 3, 0x20000000, 0x3fffffff, 1, 2, 0, 4, 0x7fffff, 0x3f800000, 127 + 32, <i32>0xb504f334], 16);
export const I_QUARTER = 4;
export const I_LOW30 = 5;
export const I_ONE = 6;
export const I_TWO = 7;
export const I_ZERO = 8;
export const I_FOUR = 9;
export const I_MANT = 10;
export const I_EXP1 = 11;
export const I_BIAS32 = 12;
export const I_UPPER = 13;
/** i32x4(0, 1, 2, 3). */
@inline export function lanes0123(): v128 {
  return v128.load(KI);
}
@inline export function ki(i: i32): v128 {
  return v128.load32_splat(KI + (<usize>i << 2));
}
const KD: usize = memory.data<f64>([67108864.0, 1.0 / 9007199254740992.0], 16);
@inline export function kd(i: i32): v128 {
  return v128.load64_splat(KD + (<usize>i << 3));
}
@inline export function add(a: v128, b: v128): v128 {
  return f32x4.add(a, b);
}
@inline export function sub(a: v128, b: v128): v128 {
  return f32x4.sub(a, b);
}
@inline export function mul(a: v128, b: v128): v128 {
  return f32x4.mul(a, b);
}

// The two normals of the last boxMuller call: Z0 = r·cos a, Z1 = r·sin a for the four lanes (float32).
/** Uniforms u(block, i .. i+3) of one stream, [0, 1) with 53 bits: UA = lanes 0, 1; UB = lanes 2, 3. */
export let UA: v128 = f64x2.splat(0);
export let UB: v128 = f64x2.splat(0);
@inline export function uniforms4(ks: usize, c0: v128, block: v128): void {
  threefry4(ks, c0, block);
  // ((w0 >>> 5)·2^26 + (w1 >>> 6)) / 2^53, all exact.
  const hi = i32x4.shr_u(TF0, 5);
  const lo = i32x4.shr_u(TF1, 6);
  const a = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(hi), kd(0)), f64x2.convert_low_i32x4_u(lo));
  const b = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(high2(hi)), kd(0)), f64x2.convert_low_i32x4_u(high2(lo)));
  UA = f64x2.mul(a, kd(1));
  UB = f64x2.mul(b, kd(1));
}

/** The high two i32 lanes moved to the low two. */
@inline export function high2(w: v128): v128 {
  return i32x4.shuffle(w, w, 2, 3, 2, 3);
}

