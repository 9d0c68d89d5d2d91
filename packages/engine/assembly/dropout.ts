// Dropout and DropConnect masks drawn inside the kernels, with rules-dropout's draw convention for the one
// hidden layer the kernels run (packages/rules-dropout/src/dropout.ts): entry i of a step's masks is
// U(step, i) < p ? 0 : keep, keep = 1/(1−p), where U is RandomStream.uniform (Threefry-2x32-20 of counter
// (i, step), 53 bits). Node dropout numbers the entries sample-major (i = s·H + j) and is stored transposed
// like HT (unit j's row holds its samples); DropConnect numbers W's entries row-major (i = j·D + d).
//
// Masks block (i32 fields) that lossGrad reads: node mask MT (H × NS), weight mask MW (H × D), and scratch for
// W ⊙ MW; a pointer of 0 means no such mask.

import { lanes0123, wordsToUniforms } from './rng-base';
import { TA0, TA1, TB0, TB1, TC0, TC1, TD0, TD1, threefry16 } from './interleaved';

export const MK_HIDDEN = 0;
export const MK_WEIGHT = 1;
export const MK_WTILDE = 2;

/**
 * The four mask entries of one Threefry chain (words w0, w1 of four counters) at dst as T: 0 where the uniform
 * is below p, keep elsewhere, and 0 in the lanes `valid` (i32 lanes, all ones or zero) leaves out.
 */
@inline function storeChain<T>(dst: usize, w0: v128, w1: v128, pv: v128, keep: v128, valid: v128): void {
  const dropA = f64x2.lt(wordsToUniforms(w0, w1, false), pv);
  const dropB = f64x2.lt(wordsToUniforms(w0, w1, true), pv);
  if (sizeof<T>() == 8) {
    v128.store(dst, v128.and(v128.andnot(keep, dropA), i32x4.shuffle(valid, valid, 0, 0, 1, 1)));
    v128.store(dst, v128.and(v128.andnot(keep, dropB), i32x4.shuffle(valid, valid, 2, 2, 3, 3)), 16);
  } else {
    v128.store(dst, v128.and(v128.andnot(keep, i32x4.shuffle(dropA, dropB, 0, 2, 4, 6)), valid));
  }
}

/** keep as a T splat (float32: rounded once, as the TS transform's Float32Array store does). */
@inline function keepVector<T>(keep: f64): v128 {
  if (sizeof<T>() == 8) return f64x2.splat(keep);
  return f32x4.splat(<f32>keep);
}

/**
 * Node masks of `step` for n samples, transposed: MT[j][s] = mask entry s·H + j for s < n, 0 for n ≤ s < ns
 * (padding samples must stay silent). ns is a multiple of 4.
 */
export function nodeMasks<T>(ks: usize, step: i32, H: i32, n: i32, ns: i32, p: f64, keep: f64, mt: usize): void {
  const sz = <usize>sizeof<T>();
  const pv = f64x2.splat(p);
  const kv = keepVector<T>(keep);
  const block = i32x4.splat(step);
  const nv = i32x4.splat(n);
  const lanes = lanes0123();
  const strideH = i32x4.mul(lanes, i32x4.splat(H)); // lanes 0..3 are consecutive samples: counters H apart
  const chainH = 4 * H;
  for (let j = 0; j < H; j++) {
    const row = mt + <usize>(j * ns) * sz;
    for (let s0 = 0; s0 < ns; s0 += 16) {
      const ca = i32x4.add(i32x4.splat(s0 * H + j), strideH);
      const cb = i32x4.add(ca, i32x4.splat(chainH));
      const cc = i32x4.add(cb, i32x4.splat(chainH));
      threefry16(ks, ca, cb, cc, i32x4.add(cc, i32x4.splat(chainH)), block);
      const sa = i32x4.add(i32x4.splat(s0), lanes);
      const at = row + <usize>s0 * sz;
      storeChain<T>(at, TA0, TA1, pv, kv, i32x4.lt_s(sa, nv));
      if (s0 + 4 < ns) storeChain<T>(at + 4 * sz, TB0, TB1, pv, kv, i32x4.lt_s(i32x4.add(sa, i32x4.splat(4)), nv));
      if (s0 + 8 < ns) storeChain<T>(at + 8 * sz, TC0, TC1, pv, kv, i32x4.lt_s(i32x4.add(sa, i32x4.splat(8)), nv));
      if (s0 + 12 < ns) storeChain<T>(at + 12 * sz, TD0, TD1, pv, kv, i32x4.lt_s(i32x4.add(sa, i32x4.splat(12)), nv));
    }
  }
}

/** DropConnect mask of `step`: MW[i] = mask entry i for i < count, written in whole groups of 16. */
export function weightMasks<T>(ks: usize, step: i32, count: i32, p: f64, keep: f64, mw: usize): void {
  const sz = <usize>sizeof<T>();
  const pv = f64x2.splat(p);
  const kv = keepVector<T>(keep);
  const block = i32x4.splat(step);
  const all = i32x4.splat(-1);
  const four = i32x4.splat(4);
  for (let i = 0; i < count; i += 16) {
    const ca = i32x4.add(i32x4.splat(i), lanes0123());
    const cb = i32x4.add(ca, four);
    const cc = i32x4.add(cb, four);
    threefry16(ks, ca, cb, cc, i32x4.add(cc, four), block);
    const at = mw + <usize>i * sz;
    storeChain<T>(at, TA0, TA1, pv, kv, all);
    storeChain<T>(at + 4 * sz, TB0, TB1, pv, kv, all);
    storeChain<T>(at + 8 * sz, TC0, TC1, pv, kv, all);
    storeChain<T>(at + 12 * sz, TD0, TD1, pv, kv, all);
  }
}
