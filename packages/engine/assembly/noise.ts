// Bulk fills with exactly RandomStream.fillNormal / fillUniform's numbers (offset 0), for the Model API and tests.

import { keySchedule, lanes0123, uniforms4, UA, UB } from './rng-base';
import { normalsBulk } from './rng';
import { noiseBulk, noiseZBulk } from './step-noise';

const TAIL: usize = memory.data(256, 16);
const KS: usize = memory.data(128, 16);

/** out[i] = mean + std·N(block, i), i < n, as f64. */
export function fillNormal64(out: usize, n: i32, k0: u32, k1: u32, block: u32, std: f64, mean: f64): void {
  keySchedule(KS, i32x4.splat(k0), i32x4.splat(k1));
  const hb = i32x4.splat(block ^ 0x80000000);
  const whole = n & ~7;
  normalsBulk(KS, 0, whole, hb, out, f64x2.splat(std), f64x2.splat(mean));
  if (whole < n) {
    normalsBulk(KS, whole >> 1, n - whole, hb, TAIL, f64x2.splat(std), f64x2.splat(mean));
    memory.copy(out + (<usize>whole << 3), TAIL, <usize>(n - whole) << 3);
  }
}

/** out[i] = std·noise(block, i), i < n, as f64 (core RandomStream.fillNoise: fast per-step noise). */
export function fillNoise64(out: usize, n: i32, k0: u32, k1: u32, block: u32, std: f64): void {
  keySchedule(KS, i32x4.splat(k0), i32x4.splat(k1));
  noiseBulk(KS, n, block, out, std);
}

/** out[i] = f32(mean + std·N(block, i)), i < n (the f64 value rounded once, as a Float32Array store does). */
export function fillNormal32(out: usize, n: i32, k0: u32, k1: u32, block: u32, std: f64, mean: f64): void {
  keySchedule(KS, i32x4.splat(k0), i32x4.splat(k1));
  const hb = i32x4.splat(block ^ 0x80000000);
  for (let i = 0; i < n; i += 8) {
    normalsBulk(KS, i >> 1, 8, hb, TAIL, f64x2.splat(std), f64x2.splat(mean));
    const a = f32x4.demote_f64x2_zero(v128.load(TAIL));
    const b = f32x4.demote_f64x2_zero(v128.load(TAIL, 16));
    const c = f32x4.demote_f64x2_zero(v128.load(TAIL, 32));
    const d = f32x4.demote_f64x2_zero(v128.load(TAIL, 48));
    v128.store(TAIL, i32x4.shuffle(a, b, 0, 1, 4, 5), 64);
    v128.store(TAIL, i32x4.shuffle(c, d, 0, 1, 4, 5), 80);
    memory.copy(out + (<usize>i << 2), TAIL + 64, <usize>min(8, n - i) << 2);
  }
}

/** out[i] = lo + (hi − lo)·U(block, i), i < n, as f64. */
export function fillUniform64(out: usize, n: i32, k0: u32, k1: u32, block: u32, lo: f64, hi: f64): void {
  keySchedule(KS, i32x4.splat(k0), i32x4.splat(k1));
  const bv = i32x4.splat(block);
  const lv = f64x2.splat(lo);
  const sv = f64x2.splat(hi - lo);
  for (let i = 0; i < n; i += 4) {
    uniforms4(KS, i32x4.add(i32x4.splat(i), lanes0123()), bv);
    const dst = i + 4 <= n ? out + (<usize>i << 3) : TAIL;
    v128.store(dst, f64x2.add(lv, f64x2.mul(sv, UA)));
    v128.store(dst, f64x2.add(lv, f64x2.mul(sv, UB)), 16);
    if (dst == TAIL) memory.copy(out + (<usize>i << 3), TAIL, <usize>(n - i) << 3);
  }
}

/**
 * out[i] = z(block, i) as float32 for i < n rounded up to 32 (out must have room): the raw step normals, whose
 * std·f64(z) is fillNoise64's value. The noise thread draws these (src/wasm/noise-thread.ts).
 */
export function fillNoiseZ32(out: usize, n: i32, k0: u32, k1: u32, block: u32): void {
  keySchedule(KS, i32x4.splat(k0), i32x4.splat(k1));
  noiseZBulk(KS, n, block, out);
}
