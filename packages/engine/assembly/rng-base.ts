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
// f64 arithmetic on two pairs per SIMD operation, operation for operation core's fdlibm sequence.

// Constants live in memory: a v128.const inside a loop costs V8 four instructions, a splat load one.
const KF: usize = memory.data<f64>([
  0.5, 1.4142135623730951, 4503599627370496.0 + 1055.0, 1.0, 2.0, -2.0,
  6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
  6.93147180369123816490e-1, 1.90821492927058770002e-10,
  -1.66666666666666324348e-1, 8.33333333332248946124e-3, -1.98412698298579493134e-4,
  2.75573137070700676789e-6, -2.50507602534068634195e-8, 1.58969099521155010221e-10,
  4.16666666666666019037e-2, -1.38888888888741095749e-3, 2.48015872894767294178e-5,
  -2.75573143513906633035e-7, 2.08757232129817482790e-9, -1.13596475577881948265e-11,
  (2 * Math.PI) / 4294967296.0, 67108864.0, 1.0 / 9007199254740992.0,
], 16);
export const F_HALF = 0;
export const F_SQRT2 = 1;
export const F_MAGIC_1055 = 2; // 2^52 + 1023 + 32: turns a biased exponent into e − 32, exactly
export const F_ONE = 3;
export const F_TWO = 4;
export const F_MINUS_TWO = 5;
export const F_LG1 = 6;
export const F_LG2 = 7;
export const F_LG3 = 8;
export const F_LG4 = 9;
export const F_LG5 = 10;
export const F_LG6 = 11;
export const F_LG7 = 12;
export const F_LN2_HI = 13;
export const F_LN2_LO = 14;
export const F_S1 = 15;
export const F_S2 = 16;
export const F_S3 = 17;
export const F_S4 = 18;
export const F_S5 = 19;
export const F_S6 = 20;
export const F_C1 = 21;
export const F_C2 = 22;
export const F_C3 = 23;
export const F_C4 = 24;
export const F_C5 = 25;
export const F_C6 = 26;
export const F_ANGLE_STEP = 27; // 2π/2³²
export const F_2_26 = 28;
export const F_2_M53 = 29;
@inline export function kf(i: i32): v128 {
  return v128.load64_splat(KF + (<usize>i << 3));
}
const KI: usize = memory.data<i32>([0, 1, 2, 3, 0x20000000, 0x3fffffff, 1, 2, 0, 4], 16);
export const I_QUARTER = 4;
export const I_LOW30 = 5;
export const I_ONE = 6;
export const I_TWO = 7;
export const I_ZERO = 8;
export const I_FOUR = 9;
/** i32x4(0, 1, 2, 3). */
@inline export function lanes0123(): v128 {
  return v128.load(KI);
}
@inline export function ki(i: i32): v128 {
  return v128.load32_splat(KI + (<usize>i << 2));
}
const KL: usize = memory.data<i64>([0x000fffffffffffff, 0x3ff0000000000000, 0x4330000000000000], 16);
export const L_MANT = 0;
export const L_ONE = 1;
export const L_MAGIC = 2;
@inline export function kl(i: i32): v128 {
  return v128.load64_splat(KL + (<usize>i << 3));
}
@inline export function add(a: v128, b: v128): v128 {
  return f64x2.add(a, b);
}
@inline export function sub(a: v128, b: v128): v128 {
  return f64x2.sub(a, b);
}
@inline export function mul(a: v128, b: v128): v128 {
  return f64x2.mul(a, b);
}

/** Uniforms u(block, i .. i+3) of one stream, [0, 1) with 53 bits: UA = lanes 0, 1; UB = lanes 2, 3. */
export let UA: v128 = f64x2.splat(0);
export let UB: v128 = f64x2.splat(0);
@inline export function uniforms4(ks: usize, c0: v128, block: v128): void {
  threefry4(ks, c0, block);
  UA = wordsToUniforms(TF0, TF1, false);
  UB = wordsToUniforms(TF0, TF1, true);
}

/**
 * The uniforms of Threefry words (w0, w1) of four counters, lanes 0, 1 (high = false) or 2, 3 (high = true):
 * ((w0 >>> 5)·2^26 + (w1 >>> 6)) / 2^53, all exact — RandomStream.uniform's number.
 */
@inline export function wordsToUniforms(w0: v128, w1: v128, high: bool): v128 {
  const a = high ? high2(i32x4.shr_u(w0, 5)) : i32x4.shr_u(w0, 5);
  const b = high ? high2(i32x4.shr_u(w1, 6)) : i32x4.shr_u(w1, 6);
  return f64x2.mul(f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_u(a), kf(F_2_26)), f64x2.convert_low_i32x4_u(b)), kf(F_2_M53));
}

/** The high two i32 lanes moved to the low two. */
@inline export function high2(w: v128): v128 {
  return i32x4.shuffle(w, w, 2, 3, 2, 3);
}

