// Counter-based noise inside the kernels: Threefry-2x32-20 on four counters at once (i32x4) and the
// Box–Muller transform of @driftlab/core's rng.ts, operation for operation, so a draw here is bit-identical to
// RandomStream.normal/uniform for the same (key, block, index). Keys are vectors, so the four lanes may
// belong to four different streams (ensemble replicas) or to one stream (single runs).

// Threefry output of the last threefry4 call (wasm functions return one value; globals carry the pair).
export let TF0: v128 = i32x4.splat(0);
export let TF1: v128 = i32x4.splat(0);

@inline function rotl(x: v128, s: i32): v128 {
  return v128.or(i32x4.shl(x, s), i32x4.shr_u(x, 32 - s));
}
// Rotations by 16 and 24 are byte permutations: one shuffle instead of three operations.
@inline function rotl16(x: v128): v128 {
  return i8x16.shuffle(x, x, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
}
@inline function rotl24(x: v128): v128 {
  return i8x16.shuffle(x, x, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12);
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
const F_HALF = 0;
const F_SQRT2 = 1;
const F_ONE = 2;
const F_TWO = 3;
const F_MINUS_TWO = 4;
const F_LG1 = 5;
const F_LG2 = 6;
const F_LG3 = 7;
const F_LG4 = 8;
const F_LN2_HI = 9;
const F_LN2_LO = 10;
const F_S1 = 11;
const F_S2 = 12;
const F_S3 = 13;
const F_C1 = 14;
const F_C2 = 15;
const F_C3 = 16;
const F_ANGLE_STEP = 17; // float32(2π)/2³²
const F_2_M32 = 18;
@inline function kf(i: i32): v128 {
  return v128.load32_splat(KF + (<usize>i << 2));
}
const KI: usize = memory.data<i32>([0, 1, 2, 3, 0x20000000, 0x3fffffff, 1, 2, 0, 4, 0x7fffff, 0x3f800000, 127 + 32, <i32>0xb504f334], 16);
const I_QUARTER = 4;
const I_LOW30 = 5;
const I_ONE = 6;
const I_TWO = 7;
const I_ZERO = 8;
const I_FOUR = 9;
const I_MANT = 10;
const I_EXP1 = 11;
const I_BIAS32 = 12;
const I_UPPER = 13;
/** i32x4(0, 1, 2, 3). */
@inline export function lanes0123(): v128 {
  return v128.load(KI);
}
@inline function ki(i: i32): v128 {
  return v128.load32_splat(KI + (<usize>i << 2));
}
const KD: usize = memory.data<f64>([67108864.0, 1.0 / 9007199254740992.0], 16);
@inline function kd(i: i32): v128 {
  return v128.load64_splat(KD + (<usize>i << 3));
}
@inline function add(a: v128, b: v128): v128 {
  return f32x4.add(a, b);
}
@inline function sub(a: v128, b: v128): v128 {
  return f32x4.sub(a, b);
}
@inline function mul(a: v128, b: v128): v128 {
  return f32x4.mul(a, b);
}

// The two normals of the last boxMuller call: Z0 = r·cos a, Z1 = r·sin a for the four lanes (float32).
export let Z0: v128 = f32x4.splat(0);
export let Z1: v128 = f32x4.splat(0);

/** Box–Muller of the four pairs whose words are the lanes of w0, w1; result in Z0, Z1. */
@inline export function boxMuller(w0: v128, w1: v128): void {
  // ln u, u = (w0 + ½)/2³²: exact split into dk·ln2 + ln(1 + f); for u > 1/√2, f = −(2³² − w0 − ½)/2³².
  const x = add(f32x4.convert_i32x4_u(w0), kf(F_HALF));
  const m0 = v128.or(v128.and(x, ki(I_MANT)), ki(I_EXP1));
  const big = f32x4.gt(m0, kf(F_SQRT2));
  const m = v128.bitselect(mul(m0, kf(F_HALF)), m0, big);
  const e = i32x4.sub(i32x4.sub(i32x4.shr_u(x, 23), ki(I_BIAS32)), big);
  const upper = i32x4.ge_u(w0, ki(I_UPPER));
  const fUp = f32x4.neg(mul(add(f32x4.convert_i32x4_s(v128.not(w0)), kf(F_HALF)), kf(F_2_M32)));
  const f = v128.bitselect(fUp, sub(m, kf(F_ONE)), upper);
  const dk = v128.andnot(f32x4.convert_i32x4_s(e), upper);
  const s = f32x4.div(f, add(kf(F_TWO), f));
  const z = mul(s, s);
  const w = mul(z, z);
  const t1 = mul(w, add(kf(F_LG2), mul(w, kf(F_LG4))));
  const t2 = mul(z, add(kf(F_LG1), mul(w, kf(F_LG3))));
  const R = add(t2, t1);
  const hfsq = mul(mul(kf(F_HALF), f), f);
  const inner = sub(sub(hfsq, add(mul(s, add(hfsq, R)), mul(dk, kf(F_LN2_LO)))), f);
  const lnu = sub(mul(dk, kf(F_LN2_HI)), inner);
  const r = f32x4.sqrt(mul(kf(F_MINUS_TWO), lnu));
  // a = qπ/2 + θ, θ = t·2π/2³², |θ| ≤ π/4.
  const wq = i32x4.add(w1, ki(I_QUARTER));
  const q = i32x4.shr_u(wq, 30);
  const th = mul(f32x4.convert_i32x4_s(i32x4.sub(v128.and(wq, ki(I_LOW30)), ki(I_QUARTER))), kf(F_ANGLE_STEP));
  const tz = mul(th, th);
  const sk = add(th, mul(mul(tz, th), add(kf(F_S1), mul(tz, add(kf(F_S2), mul(tz, kf(F_S3)))))));
  const ck = add(sub(kf(F_ONE), mul(kf(F_HALF), tz)), mul(mul(tz, tz), add(kf(F_C1), mul(tz, add(kf(F_C2), mul(tz, kf(F_C3)))))));
  // Odd quadrants swap sin and cos; sign bits from (q+1)&2 (cos) and q&2 (sin).
  const odd = i32x4.ne(v128.and(q, ki(I_ONE)), ki(I_ZERO));
  const negC = i32x4.shl(v128.and(i32x4.add(q, ki(I_ONE)), ki(I_TWO)), 30);
  const negS = i32x4.shl(v128.and(q, ki(I_TWO)), 30);
  Z0 = mul(r, v128.xor(v128.bitselect(sk, ck, odd), negC));
  Z1 = mul(r, v128.xor(v128.bitselect(ck, sk, odd), negS));
}

/** Scalar Threefry (lane 0 of threefry4) for the few draws that are not in bulk. */
export function threefry1(k0: u32, k1: u32, c0: u32, c1: u32): void {
  keySchedule(KS1, i32x4.splat(k0), i32x4.splat(k1));
  threefry4(KS1, i32x4.splat(c0), i32x4.splat(c1));
}
const KS1: usize = memory.data(128, 16);

// Second chain of threefry8 (TF0/TF1 hold the first).
export let TG0: v128 = i32x4.splat(0);
export let TG1: v128 = i32x4.splat(0);

/** Two interleaved threefry4 chains (counters c0a, c0b; shared c1): the CPU overlaps their latencies. */
@inline export function threefry8(ks: usize, c0a: v128, c0b: v128, c1: v128): void {
  let x0a = i32x4.add(c0a, v128.load(ks, 0));
  let x0b = i32x4.add(c0b, v128.load(ks, 0));
  let x1a = i32x4.add(c1, v128.load(ks, 16));
  let x1b = i32x4.add(c1, v128.load(ks, 16));
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 13), x0a);
  x1b = v128.xor(rotl(x1b, 13), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 15), x0a);
  x1b = v128.xor(rotl(x1b, 15), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 26), x0a);
  x1b = v128.xor(rotl(x1b, 26), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 6), x0a);
  x1b = v128.xor(rotl(x1b, 6), x0b);
  x0a = i32x4.add(x0a, v128.load(ks, 16));
  x0b = i32x4.add(x0b, v128.load(ks, 16));
  x1a = i32x4.add(x1a, v128.load(ks, 48));
  x1b = i32x4.add(x1b, v128.load(ks, 48));
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 17), x0a);
  x1b = v128.xor(rotl(x1b, 17), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 29), x0a);
  x1b = v128.xor(rotl(x1b, 29), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl16(x1a), x0a);
  x1b = v128.xor(rotl16(x1b), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl24(x1a), x0a);
  x1b = v128.xor(rotl24(x1b), x0b);
  x0a = i32x4.add(x0a, v128.load(ks, 32));
  x0b = i32x4.add(x0b, v128.load(ks, 32));
  x1a = i32x4.add(x1a, v128.load(ks, 64));
  x1b = i32x4.add(x1b, v128.load(ks, 64));
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 13), x0a);
  x1b = v128.xor(rotl(x1b, 13), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 15), x0a);
  x1b = v128.xor(rotl(x1b, 15), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 26), x0a);
  x1b = v128.xor(rotl(x1b, 26), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 6), x0a);
  x1b = v128.xor(rotl(x1b, 6), x0b);
  x0a = i32x4.add(x0a, v128.load(ks, 0));
  x0b = i32x4.add(x0b, v128.load(ks, 0));
  x1a = i32x4.add(x1a, v128.load(ks, 80));
  x1b = i32x4.add(x1b, v128.load(ks, 80));
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 17), x0a);
  x1b = v128.xor(rotl(x1b, 17), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 29), x0a);
  x1b = v128.xor(rotl(x1b, 29), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl16(x1a), x0a);
  x1b = v128.xor(rotl16(x1b), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl24(x1a), x0a);
  x1b = v128.xor(rotl24(x1b), x0b);
  x0a = i32x4.add(x0a, v128.load(ks, 16));
  x0b = i32x4.add(x0b, v128.load(ks, 16));
  x1a = i32x4.add(x1a, v128.load(ks, 96));
  x1b = i32x4.add(x1b, v128.load(ks, 96));
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 13), x0a);
  x1b = v128.xor(rotl(x1b, 13), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 15), x0a);
  x1b = v128.xor(rotl(x1b, 15), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 26), x0a);
  x1b = v128.xor(rotl(x1b, 26), x0b);
  x0a = i32x4.add(x0a, x1a);
  x0b = i32x4.add(x0b, x1b);
  x1a = v128.xor(rotl(x1a, 6), x0a);
  x1b = v128.xor(rotl(x1b, 6), x0b);
  x0a = i32x4.add(x0a, v128.load(ks, 32));
  x0b = i32x4.add(x0b, v128.load(ks, 32));
  x1a = i32x4.add(x1a, v128.load(ks, 112));
  x1b = i32x4.add(x1b, v128.load(ks, 112));
  TF0 = x0a;
  TF1 = x1a;
  TG0 = x0b;
  TG1 = x1b;
}

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

// ---------------------------------------------------------------- bulk generation
// Words first for a chunk (two interleaved Threefry chains), then Box–Muller per four pairs: short loop
// bodies with independent iterations, which the CPU overlaps (V8 spills when long chains are interleaved).

export const CHUNK_PAIRS = 128;
const W0S: usize = memory.data(CHUNK_PAIRS * 4, 16);
const W1S: usize = memory.data(CHUNK_PAIRS * 4, 16);

/** Threefry words of pairs p0 .. p0 + count (count a multiple of 8) into W0S/W1S. */
@inline function wordsChunk(ks: usize, p0: i32, count: i32, hb: v128): void {
  const four = ki(I_FOUR);
  for (let j = 0; j < count; j += 8) {
    const c = i32x4.add(i32x4.splat(p0 + j), lanes0123());
    threefry8(ks, c, i32x4.add(c, four), hb);
    const o = <usize>j << 2;
    v128.store(W0S + o, TF0);
    v128.store(W1S + o, TF1);
    v128.store(W0S + o, TG0, 16);
    v128.store(W1S + o, TG1, 16);
  }
}

/**
 * out[i] = mean + std·N(block, 2·p0 + i) as f64 for i < n (one stream; ks its key schedule, hb = block ^
 * 0x80000000). Writes whole groups of 8: out must have room for n rounded up to a multiple of 8.
 */
@inline export function normalsBulk(ks: usize, p0: i32, n: i32, hb: v128, out: usize, sv: v128, mv: v128): void {
  const pairs = (n + 1) >> 1;
  for (let c = 0; c < pairs; c += CHUNK_PAIRS) {
    const count = min(CHUNK_PAIRS, pairs - c);
    wordsChunk(ks, p0 + c, (count + 7) & ~7, hb);
    const dst = out + (<usize>c << 4);
    for (let j = 0; j < count; j += 4) {
      boxMuller(v128.load(W0S + (<usize>j << 2)), v128.load(W1S + (<usize>j << 2)));
      const lo = i32x4.shuffle(Z0, Z1, 0, 4, 1, 5);
      const hi = i32x4.shuffle(Z0, Z1, 2, 6, 3, 7);
      const o = dst + (<usize>j << 4);
      v128.store(o, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(lo))), 0);
      v128.store(o, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(high2(lo)))), 16);
      v128.store(o, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(hi))), 32);
      v128.store(o, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(high2(hi)))), 48);
    }
  }
}

/** out[i] = lo + span·U(block, i) as f64 for i < n (one stream). Writes whole groups of 4. */
@inline export function uniformsBulk(ks: usize, n: i32, block: v128, out: usize, lo: v128, span: v128): void {
  for (let i = 0; i < n; i += 4) {
    uniforms4(ks, i32x4.add(i32x4.splat(i), lanes0123()), block);
    v128.store(out + (<usize>i << 3), f64x2.add(lo, f64x2.mul(span, UA)));
    v128.store(out + (<usize>i << 3), f64x2.add(lo, f64x2.mul(span, UB)), 16);
  }
}
