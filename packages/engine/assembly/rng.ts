// Counter-based noise inside the kernels, part 3: bulk draws of one stream. Words first for a chunk of pairs
// (four interleaved Threefry chains), then Box–Muller on eight pairs per iteration: short loop bodies whose
// iterations are independent, which the CPU overlaps (V8 spills when more chains are interleaved by hand).

import { boxMuller8, TA0, TA1, TB0, TB1, TC0, TC1, TD0, TD1, threefry16, ZA0, ZA1, ZB0, ZB1 } from './interleaved';
import { high2, ki, I_FOUR, lanes0123, uniforms4, UA, UB } from './rng-base';

export const CHUNK_PAIRS = 128;
const W0S: usize = memory.data(CHUNK_PAIRS * 4, 16);
const W1S: usize = memory.data(CHUNK_PAIRS * 4, 16);

/** Threefry words of pairs p0 .. p0 + count (count a multiple of 16) into W0S/W1S. */
@inline function wordsChunk(ks: usize, p0: i32, count: i32, hb: v128): void {
  const four = ki(I_FOUR);
  for (let j = 0; j < count; j += 16) {
    const c = i32x4.add(i32x4.splat(p0 + j), lanes0123());
    const c2 = i32x4.add(c, four);
    const c3 = i32x4.add(c2, four);
    threefry16(ks, c, c2, c3, i32x4.add(c3, four), hb);
    const o = <usize>j << 2;
    v128.store(W0S + o, TA0);
    v128.store(W1S + o, TA1);
    v128.store(W0S + o, TB0, 16);
    v128.store(W1S + o, TB1, 16);
    v128.store(W0S + o, TC0, 32);
    v128.store(W1S + o, TC1, 32);
    v128.store(W0S + o, TD0, 48);
    v128.store(W1S + o, TD1, 48);
  }
}

/** Stores mean + std·z (f64) of four pairs: n(2p) = z0[0], n(2p+1) = z1[0], n(2p+2) = z0[1], … */
@inline function storePairs(dst: usize, z0: v128, z1: v128, sv: v128, mv: v128): void {
  const lo = i32x4.shuffle(z0, z1, 0, 4, 1, 5);
  const hi = i32x4.shuffle(z0, z1, 2, 6, 3, 7);
  v128.store(dst, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(lo))), 0);
  v128.store(dst, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(high2(lo)))), 16);
  v128.store(dst, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(hi))), 32);
  v128.store(dst, f64x2.add(mv, f64x2.mul(sv, f64x2.promote_low_f32x4(high2(hi)))), 48);
}

/**
 * out[i] = mean + std·N(block, 2·p0 + i) as f64 for i < n (one stream; ks its key schedule, hb = block ^
 * 0x80000000). Writes whole groups of 16: out must have room for n rounded up to a multiple of 16.
 */
@inline export function normalsBulk(ks: usize, p0: i32, n: i32, hb: v128, out: usize, sv: v128, mv: v128): void {
  const pairs = (n + 1) >> 1;
  for (let c = 0; c < pairs; c += CHUNK_PAIRS) {
    const count = min(CHUNK_PAIRS, pairs - c);
    wordsChunk(ks, p0 + c, (count + 15) & ~15, hb);
    const dst = out + (<usize>c << 4);
    for (let j = 0; j < count; j += 8) {
      const o = <usize>j << 2;
      boxMuller8(v128.load(W0S + o), v128.load(W1S + o), v128.load(W0S + o, 16), v128.load(W1S + o, 16));
      storePairs(dst + (<usize>j << 4), ZA0, ZA1, sv, mv);
      storePairs(dst + (<usize>j << 4) + 64, ZB0, ZB1, sv, mv);
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

/**
 * Normals of four streams at once (lanes = ensemble replicas with key schedule ks of vector keys):
 * n_l(2p + i) for i < 8, stored mean_l + std_l·z as f64 at dst + (i·4 + l)·8 (32 bytes per index).
 * svLo/mvLo hold lanes 0, 1 and svHi/mvHi lanes 2, 3 (per-replica std and mean).
 */
@inline export function normalsLanes8(ks: usize, p: i32, hb: v128, dst: usize, svLo: v128, svHi: v128, mvLo: v128, mvHi: v128): void {
  threefry16(ks, i32x4.splat(p), i32x4.splat(p + 1), i32x4.splat(p + 2), i32x4.splat(p + 3), hb);
  const c0 = TC0;
  const c1 = TC1;
  const d0 = TD0;
  const d1 = TD1;
  boxMuller8(TA0, TA1, TB0, TB1);
  storeLanes(dst, ZA0, svLo, svHi, mvLo, mvHi);
  storeLanes(dst + 32, ZA1, svLo, svHi, mvLo, mvHi);
  storeLanes(dst + 64, ZB0, svLo, svHi, mvLo, mvHi);
  storeLanes(dst + 96, ZB1, svLo, svHi, mvLo, mvHi);
  boxMuller8(c0, c1, d0, d1);
  storeLanes(dst + 128, ZA0, svLo, svHi, mvLo, mvHi);
  storeLanes(dst + 160, ZA1, svLo, svHi, mvLo, mvHi);
  storeLanes(dst + 192, ZB0, svLo, svHi, mvLo, mvHi);
  storeLanes(dst + 224, ZB1, svLo, svHi, mvLo, mvHi);
}

@inline function storeLanes(dst: usize, z: v128, svLo: v128, svHi: v128, mvLo: v128, mvHi: v128): void {
  v128.store(dst, f64x2.add(mvLo, f64x2.mul(svLo, f64x2.promote_low_f32x4(z))), 0);
  v128.store(dst, f64x2.add(mvHi, f64x2.mul(svHi, f64x2.promote_low_f32x4(high2(z)))), 16);
}
