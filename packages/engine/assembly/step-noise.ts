// Fast per-step Gaussian noise in the kernels (core RandomStream.fillNoise / noise, docs/decisions/0025):
// Threefry-2x32-13 words for sixteen pairs at a time, then float32 Box–Muller on four pairs per SIMD operation
// (two interleaved chains). Bit-identical to core; the values are stored as f64 (std·z), like normalsBulk.

import { NA0, NA1, NB0, NB1, noise8, TA0, TA1, TB0, TB1, TC0, TC1, TD0, TD1, threefry16r13 } from './interleaved';
import { high2, ki, I_FOUR, lanes0123 } from './rng-base';

const TAIL: usize = memory.data(256, 16);

/** Counter word 1 of step noise: block ^ 0x40000000 (core NOISE_DOMAIN). */
@inline export function noiseBlock(step: i32): v128 {
  return i32x4.splat(step ^ 0x40000000);
}

/** Stores std·(z0, z1 interleaved) of four pairs: eight normals, f64, at dst. */
@inline function storeFour(dst: usize, z0: v128, z1: v128, sv: v128): void {
  const lo = i32x4.shuffle(z0, z1, 0, 4, 1, 5);
  const hi = i32x4.shuffle(z0, z1, 2, 6, 3, 7);
  v128.store(dst, f64x2.mul(sv, f64x2.promote_low_f32x4(lo)), 0);
  v128.store(dst, f64x2.mul(sv, f64x2.promote_low_f32x4(high2(lo))), 16);
  v128.store(dst, f64x2.mul(sv, f64x2.promote_low_f32x4(hi)), 32);
  v128.store(dst, f64x2.mul(sv, f64x2.promote_low_f32x4(high2(hi))), 48);
}

/** Four pairs of raw float32 normals, in the order storeFour writes them (z0[0], z1[0], z0[1], …), at dst. */
@inline function storeFourZ(dst: usize, z0: v128, z1: v128): void {
  v128.store(dst, i32x4.shuffle(z0, z1, 0, 4, 1, 5), 0);
  v128.store(dst, i32x4.shuffle(z0, z1, 2, 6, 3, 7), 16);
}

/**
 * Normals 2p0 … 2p0 + 31 (sixteen pairs) of one stream at dst: std·z as f64, or (raw, a compile-time constant
 * after inlining) the float32 z themselves.
 */
@inline function draw32(ks: usize, p0: i32, hb: v128, dst: usize, sv: v128, raw: bool): void {
  const four = ki(I_FOUR);
  const c = i32x4.add(i32x4.splat(p0), lanes0123());
  const c2 = i32x4.add(c, four);
  const c3 = i32x4.add(c2, four);
  threefry16r13(ks, c, c2, c3, i32x4.add(c3, four), hb);
  const c0 = TC0;
  const c1 = TC1;
  const d0 = TD0;
  const d1 = TD1;
  noise8(TA0, TA1, TB0, TB1);
  if (raw) {
    storeFourZ(dst, NA0, NA1);
    storeFourZ(dst + 32, NB0, NB1);
  } else {
    storeFour(dst, NA0, NA1, sv);
    storeFour(dst + 64, NB0, NB1, sv);
  }
  noise8(c0, c1, d0, d1);
  if (raw) {
    storeFourZ(dst + 64, NA0, NA1);
    storeFourZ(dst + 96, NB0, NB1);
  } else {
    storeFour(dst + 128, NA0, NA1, sv);
    storeFour(dst + 192, NB0, NB1, sv);
  }
}

/** out[i] = std·noise(block, i) as f64 for i < n (one stream; ks its key schedule; block = step). */
export function noiseBulk(ks: usize, n: i32, block: i32, out: usize, std: f64): void {
  const hb = noiseBlock(block);
  const sv = f64x2.splat(std);
  const whole = n & ~31;
  for (let i = 0; i < whole; i += 32) draw32(ks, i >> 1, hb, out + (<usize>i << 3), sv, false);
  if (whole < n) {
    draw32(ks, whole >> 1, hb, TAIL, sv, false);
    memory.copy(out + (<usize>whole << 3), TAIL, <usize>(n - whole) << 3);
  }
}

/**
 * Step noise of four streams at once (lanes = ensemble replicas, ks the schedule of their vector keys):
 * n_l(2p + i) for i < 8, stored std_l·z as f64 at dst + (i·4 + l)·8. svLo holds lanes 0, 1, svHi lanes 2, 3.
 */
@inline export function noiseLanes8(ks: usize, p: i32, hb: v128, dst: usize, svLo: v128, svHi: v128): void {
  threefry16r13(ks, i32x4.splat(p), i32x4.splat(p + 1), i32x4.splat(p + 2), i32x4.splat(p + 3), hb);
  const c0 = TC0;
  const c1 = TC1;
  const d0 = TD0;
  const d1 = TD1;
  noise8(TA0, TA1, TB0, TB1);
  lanePair(NA0, NA1, dst, svLo, svHi);
  lanePair(NB0, NB1, dst + 64, svLo, svHi);
  noise8(c0, c1, d0, d1);
  lanePair(NA0, NA1, dst + 128, svLo, svHi);
  lanePair(NB0, NB1, dst + 192, svLo, svHi);
}

/** One pair of four streams: n_l(2p) at dst + 8l, n_l(2p+1) at dst + 32 + 8l. */
@inline function lanePair(z0: v128, z1: v128, dst: usize, svLo: v128, svHi: v128): void {
  v128.store(dst, f64x2.mul(svLo, f64x2.promote_low_f32x4(z0)), 0);
  v128.store(dst, f64x2.mul(svHi, f64x2.promote_low_f32x4(high2(z0))), 16);
  v128.store(dst, f64x2.mul(svLo, f64x2.promote_low_f32x4(z1)), 32);
  v128.store(dst, f64x2.mul(svHi, f64x2.promote_low_f32x4(high2(z1))), 48);
}

/**
 * out[i] = z(block, i) as float32 for i < n rounded up to 32 (out must have room): the step noise before it is
 * scaled, std·f64(z) being exactly noiseBulk's value. Used by the noise thread, whose ring carries half the bytes.
 */
export function noiseZBulk(ks: usize, n: i32, block: i32, out: usize): void {
  const hb = noiseBlock(block);
  for (let i = 0; i < n; i += 32) draw32(ks, i >> 1, hb, out + (<usize>i << 2), f64x2.splat(0), true);
}
