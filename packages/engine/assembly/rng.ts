// Counter-based noise inside the kernels, part 3: bulk draws. Words first for a chunk of pairs (four
// interleaved Threefry chains), then Box–Muller on four pairs per iteration (two interleaved chains): short
// loop bodies whose iterations are independent, which the CPU overlaps (V8 spills when more chains are
// interleaved by hand).

import { boxMuller4, TA0, TA1, TB0, TB1, TC0, TC1, TD0, TD1, threefry16, ZA0, ZA1, ZB0, ZB1 } from './interleaved';
import { ki, I_FOUR, lanes0123, uniforms4, UA, UB } from './rng-base';

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

/** Stores mean + std·z of two pairs p, p+1 (z0 = [z0(p), z0(p+1)], z1 likewise): n(2p), n(2p+1), n(2p+2), n(2p+3). */
@inline function storePairs(dst: usize, z0: v128, z1: v128, sv: v128, mv: v128): void {
  v128.store(dst, f64x2.add(mv, f64x2.mul(sv, f64x2.shuffle(z0, z1, 0, 2))), 0);
  v128.store(dst, f64x2.add(mv, f64x2.mul(sv, f64x2.shuffle(z0, z1, 1, 3))), 16);
}

/**
 * out[i] = mean + std·N(block, 2·p0 + i) as f64 for i < n (one stream; ks its key schedule, hb = block ^
 * 0x80000000). Writes whole groups of 8: out must have room for n rounded up to a multiple of 8.
 */
@inline export function normalsBulk(ks: usize, p0: i32, n: i32, hb: v128, out: usize, sv: v128, mv: v128): void {
  const pairs = (n + 1) >> 1;
  for (let c = 0; c < pairs; c += CHUNK_PAIRS) {
    const count = min(CHUNK_PAIRS, pairs - c);
    wordsChunk(ks, p0 + c, (count + 15) & ~15, hb);
    const dst = out + (<usize>c << 4);
    for (let j = 0; j < count; j += 4) {
      boxMuller4(v128.load(W0S + (<usize>j << 2)), v128.load(W1S + (<usize>j << 2)));
      storePairs(dst + (<usize>j << 4), ZA0, ZA1, sv, mv);
      storePairs(dst + (<usize>j << 4) + 32, ZB0, ZB1, sv, mv);
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
