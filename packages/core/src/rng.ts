// Counter-based random numbers (Threefry-2x32, 20 rounds; Salmon et al. 2011, "Random123").
// A stream is a key derived from (seed, stream name, replica). A draw is a pure function of
// (key, block, index), so a trajectory never depends on how many other draws happened
// (adding a metric or hook cannot change it) and any backend (TS, wasm) can reproduce it.
// Convention: block = training step (or a fixed block for data generation), index = element.

import type { FloatArray } from './model';

const ROT = [13, 15, 26, 6, 17, 29, 16, 24];
const PARITY = 0x1bd11bda;
const INV_2_32 = 1 / 4294967296;

/** Threefry-2x32-20. Writes the two output words into out[0], out[1]. */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array): void {
  const k2 = (PARITY ^ k0 ^ k1) >>> 0;
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  for (let r = 0; r < 20; r++) {
    x0 = (x0 + x1) >>> 0;
    const s = ROT[r & 7];
    x1 = ((x1 << s) | (x1 >>> (32 - s))) ^ x0;
    if ((r & 3) === 3) {
      const inj = (r + 1) >> 2;
      const ka = inj % 3 === 0 ? k0 : inj % 3 === 1 ? k1 : k2;
      const kb = (inj + 1) % 3 === 0 ? k0 : (inj + 1) % 3 === 1 ? k1 : k2;
      x0 = (x0 + ka) >>> 0;
      x1 = (x1 + kb + inj) >>> 0;
    }
  }
  out[0] = x0 >>> 0;
  out[1] = x1 >>> 0;
}

// ---------------------------------------------------------------- Box–Muller from two 32-bit words
// z0 = r·cos(a), z1 = r·sin(a) with r = √(−2·ln u), u = (w0 + ½)/2³², a = 2π·w1/2³², evaluated in float32
// arithmetic with fixed polynomials (log: fdlibm e_logf.c; sin, cos: Cephes sinf.c) using only + − × ÷ √,
// which IEEE 754 rounds exactly. So every JS engine and the wasm kernels (packages/engine/assembly/rng.ts,
// same operations in the same order, four lanes per SIMD op) draw bit-identical normals, and the transform
// costs the kernels little next to Threefry. Each float32 step is emulated here with Math.fround, which is
// exact for single operations. Accuracy: within 2e-7 relative of the exact transform (r to 1.4e-7, including
// u near 1, where ln(1 − d) is taken from d = 1 − u computed exactly in integers). The angle is reduced in
// integers: w1 = q·2³⁰ + t with t in [−2²⁹, 2²⁹), so the polynomials only see |θ| ≤ π/4.

const F = Math.fround;
const LN2_HI = F(6.9313812256e-1);
const LN2_LO = F(9.0580006145e-6);
const LG1 = F(6.6666662693e-1);
const LG2 = F(4.0000972152e-1);
const LG3 = F(2.8498786688e-1);
const LG4 = F(2.4279078841e-1);
const S1 = F(-1.6666654611e-1);
const S2 = F(8.3321608736e-3);
const S3 = F(-1.9515295891e-4);
const C1 = F(4.166664568298827e-2);
const C2 = F(-1.388731625493765e-3);
const C3 = F(2.443315711809948e-5);
const SQRT2 = F(Math.SQRT2);
/** w0 from which u > 1/√2: there ln u = ln(1 + f) with f = −(2³² − w0 − ½)/2³². */
const UPPER = 0xb504f334;
/** float32(2π)/2³², exact. */
const ANGLE_STEP = F(2 * Math.PI) * INV_2_32;
const bitsF32 = new Float32Array(1);
const bitsI32 = new Int32Array(bitsF32.buffer);

/** ln((w0 + ½)·2⁻³²) in float32 arithmetic, fdlibm's logf after an exact split into dk·ln2 + ln(1 + f). */
function logUnit(w0: number): number {
  let f: number;
  let dk = 0;
  if (w0 >= UPPER) {
    f = -(F(F(4294967295 - w0) + 0.5) * INV_2_32);
  } else {
    bitsF32[0] = F(F(w0) + 0.5);
    const bits = bitsI32[0];
    let e = (bits >> 23) - 127;
    bitsI32[0] = (bits & 0x7fffff) | 0x3f800000;
    let m = bitsF32[0];
    if (m > SQRT2) {
      m = F(m * 0.5);
      e += 1;
    }
    dk = e - 32;
    f = F(m - 1);
  }
  const s = F(f / F(2 + f));
  const z = F(s * s);
  const w = F(z * z);
  const t1 = F(w * F(LG2 + F(w * LG4)));
  const t2 = F(z * F(LG1 + F(w * LG3)));
  const R = F(t2 + t1);
  const hfsq = F(F(0.5 * f) * f);
  const inner = F(F(hfsq - F(F(s * F(hfsq + R)) + F(dk * LN2_LO))) - f);
  return F(F(dk * LN2_HI) - inner);
}

/** Normal number `which` (0: r·cos a, 1: r·sin a) of the Box–Muller pair made from words w0, w1. */
export function boxMuller(w0: number, w1: number, which: number): number {
  const r = F(Math.sqrt(F(-2 * logUnit(w0 >>> 0))));
  const wq = (w1 + 0x20000000) >>> 0;
  const q = wq >>> 30;
  const th = F(F((wq & 0x3fffffff) - 0x20000000) * ANGLE_STEP);
  const z = F(th * th);
  // cos(qπ/2 + θ) and sin(qπ/2 + θ) from the kernels on θ.
  let v: number;
  if ((q & 1) !== which) {
    v = F(th + F(F(z * th) * F(S1 + F(z * F(S2 + F(z * S3))))));
  } else {
    v = F(F(1 - F(0.5 * z)) + F(F(z * z) * F(C1 + F(z * F(C2 + F(z * C3))))));
  }
  const negative = which === 0 ? ((q + 1) & 2) !== 0 : (q & 2) !== 0;
  return F(r * (negative ? -v : v));
}

/** FNV-1a 32-bit hash of a string (stream names → key material). */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A named random stream: random access by (block, index). */
export class RandomStream {
  private readonly w = new Uint32Array(2);
  constructor(
    readonly key0: number,
    readonly key1: number,
    readonly name = '',
  ) {}

  /** Derive the stream (seed, name, replica). seed: a non-negative integer below 2^53. */
  static derive(seed: number, name: string, replica = 0): RandomStream {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`seed must be a non-negative safe integer, got ${seed}`);
    const w = new Uint32Array(2);
    threefry2x32(seed >>> 0, Math.floor(seed / 4294967296) >>> 0, fnv1a(name), replica >>> 0, w);
    return new RandomStream(w[0], w[1], name);
  }

  /** Uniform in [0, 1) with 53 random bits, for element `index` of `block`. */
  uniform(block: number, index: number): number {
    threefry2x32(this.key0, this.key1, index >>> 0, block >>> 0, this.w);
    return ((this.w[0] >>> 5) * 67108864 + (this.w[1] >>> 6)) / 9007199254740992;
  }

  /** Standard normal for element `index` of `block` (Box–Muller on the pair index>>1, see boxMuller). */
  normal(block: number, index: number): number {
    threefry2x32(this.key0, this.key1, index >>> 1, (block ^ 0x80000000) >>> 0, this.w);
    return boxMuller(this.w[0], this.w[1], index & 1);
  }

  /** out[i] = mean + std·N(block, offset + i). */
  fillNormal(out: FloatArray, block: number, std = 1, mean = 0, offset = 0): void {
    const w = this.w;
    const hb = (block ^ 0x80000000) >>> 0;
    const n = out.length;
    let i = 0;
    if (offset & 1 && n > 0) {
      out[0] = mean + std * this.normal(block, offset);
      i = 1;
    }
    for (; i + 1 < n; i += 2) {
      threefry2x32(this.key0, this.key1, (offset + i) >>> 1, hb, w);
      out[i] = mean + std * boxMuller(w[0], w[1], 0);
      out[i + 1] = mean + std * boxMuller(w[0], w[1], 1);
    }
    if (i < n) out[i] = mean + std * this.normal(block, offset + i);
  }

  /** out[i] = lo + (hi − lo)·U(block, offset + i). */
  fillUniform(out: FloatArray, block: number, lo = 0, hi = 1, offset = 0): void {
    const span = hi - lo;
    for (let i = 0; i < out.length; i++) out[i] = lo + span * this.uniform(block, offset + i);
  }
}

/**
 * Sequential draws from one block of a stream (for data generation and initialisation).
 * Its position is a plain counter, so it can be saved and restored.
 */
export class SequentialRandom {
  counter = 0;
  constructor(
    readonly stream: RandomStream,
    readonly block = 0,
  ) {}

  static derive(seed: number, name: string, replica = 0): SequentialRandom {
    return new SequentialRandom(RandomStream.derive(seed, name, replica));
  }

  uniform(): number {
    return this.stream.uniform(this.block, this.counter++);
  }

  normal(): number {
    return this.stream.normal(this.block, this.counter++);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  fillNormal(out: FloatArray, std = 1, mean = 0): void {
    this.stream.fillNormal(out, this.block, std, mean, this.counter);
    this.counter += out.length;
  }

  fillUniform(out: FloatArray, lo = 0, hi = 1): void {
    this.stream.fillUniform(out, this.block, lo, hi, this.counter);
    this.counter += out.length;
  }
}
