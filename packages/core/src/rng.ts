// Counter-based random numbers (Threefry-2x32, 20 rounds; Salmon et al. 2011, "Random123").
// A stream is a key derived from (seed, stream name, replica). A draw is a pure function of
// (key, block, index), so a trajectory never depends on how many other draws happened
// (adding a metric or hook cannot change it) and any backend (TS, wasm) can reproduce it.
// Convention: block = training step (or a fixed block for data generation), index = element.

import type { FloatArray } from './model';

const ROT = [13, 15, 26, 6, 17, 29, 16, 24];
const PARITY = 0x1bd11bda;
const INV_2_32 = 1 / 4294967296;

/**
 * Threefry-2x32-R (R = 20 unless given; per-step noise uses 13, see fillNoise). Writes the two output words
 * into out[0], out[1]. Key injection after every fourth round, as in Random123 (13 rounds end without one).
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number, out: Uint32Array, rounds = 20): void {
  const k2 = (PARITY ^ k0 ^ k1) >>> 0;
  let x0 = (c0 + k0) >>> 0;
  let x1 = (c1 + k1) >>> 0;
  for (let r = 0; r < rounds; r++) {
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
// z0 = r·cos(a), z1 = r·sin(a) with r = √(−2·ln u), u = (w0 + ½)/2³², a = 2π·w1/2³². ln, sin and cos are
// evaluated with fdlibm's polynomials (e_log.c, k_sin.c, k_cos.c) using only + − × ÷ √, which IEEE 754 rounds
// exactly, instead of Math.log/sin/cos, whose last bit differs between JS engines. So every engine and the wasm
// kernels (packages/engine/assembly, same operations in the same order) draw bit-identical normals.
// The angle is reduced exactly in integers: w1 = q·2³⁰ + t with t in [−2²⁹, 2²⁹), so the polynomials only
// see |θ| ≤ π/4. Error ≲ 2 ulp against the exact transform.

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LG1 = 6.666666666666735130e-1;
const LG2 = 3.999999999940941908e-1;
const LG3 = 2.857142874366239149e-1;
const LG4 = 2.222219843214978396e-1;
const LG5 = 1.818357216161805012e-1;
const LG6 = 1.531383769920937332e-1;
const LG7 = 1.479819860511658591e-1;
const S1 = -1.66666666666666324348e-1;
const S2 = 8.33333333332248946124e-3;
const S3 = -1.98412698298579493134e-4;
const S4 = 2.75573137070700676789e-6;
const S5 = -2.50507602534068634195e-8;
const S6 = 1.58969099521155010221e-10;
const C1 = 4.16666666666666019037e-2;
const C2 = -1.38888888888741095749e-3;
const C3 = 2.48015872894767294178e-5;
const C4 = -2.75573143513906633035e-7;
const C5 = 2.08757232129817482790e-9;
const C6 = -1.13596475577881948265e-11;
const SQRT2 = 1.4142135623730951;
/** 2π/2³² (an exact power-of-two scaling of the double nearest 2π). */
const ANGLE_STEP = 2 * Math.PI * INV_2_32;
/** POW2_NEG[e + 1] = 2^−e for e in [−1, 31], built by exact halvings. */
const POW2_NEG = (() => {
  const t = new Float64Array(33);
  t[0] = 2;
  for (let i = 1; i < 33; i++) t[i] = t[i - 1] * 0.5;
  return t;
})();

/** ln((w0 + ½)·2⁻³²), fdlibm's log after an exact split w0 + ½ = m·2^e, m in [√½, √2). */
function logUnit(w0: number): number {
  let e = w0 === 0 ? -1 : 31 - Math.clz32(w0);
  let m = (w0 + 0.5) * POW2_NEG[e + 1];
  if (m > SQRT2) {
    m *= 0.5;
    e += 1;
  }
  const dk = e - 32;
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return dk * LN2_HI - (hfsq - (s * (hfsq + R) + dk * LN2_LO) - f);
}

function sinKernel(x: number): number {
  const z = x * x;
  const v = z * x;
  const r = S2 + z * (S3 + z * (S4 + z * (S5 + z * S6)));
  return x + v * (S1 + z * r);
}

function cosKernel(x: number): number {
  const z = x * x;
  const w2 = z * z;
  const r = z * (C1 + z * (C2 + z * C3)) + w2 * w2 * (C4 + z * (C5 + z * C6));
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + ((1 - w - hz) + z * r);
}

/** Normal number `which` (0: r·cos a, 1: r·sin a) of the Box–Muller pair made from words w0, w1. */
export function boxMuller(w0: number, w1: number, which: number): number {
  const r = Math.sqrt(-2 * logUnit(w0 >>> 0));
  const wq = (w1 + 0x20000000) >>> 0;
  const q = wq >>> 30;
  const theta = ((wq & 0x3fffffff) - 0x20000000) * ANGLE_STEP;
  // cos(qπ/2 + θ) and sin(qπ/2 + θ) from the kernels on θ.
  const useSin = (q & 1) === which ? 0 : 1;
  const v = useSin ? sinKernel(theta) : cosKernel(theta);
  const negative = which === 0 ? ((q + 1) & 2) !== 0 : (q & 2) !== 0;
  return r * (negative ? -v : v);
}

// ---------------------------------------------------------------- fast per-step noise (docs/decisions/0025)
// Per-step Gaussian noise (update noise, label noise) is drawn millions of times per run, so it has its own,
// cheaper transform; data and initialisation keep normal()/fillNormal above. Words from Threefry-2x32-13
// (passes BigCrush, Salmon et al. 2011) on counter (pair, block ^ 0x40000000); then Box–Muller in float32:
// u = (2·(w0 >>> 9) + 1)·2⁻²⁴ (so |z| ≤ 5.77), ln u by musl's logf polynomial, sin/cos by Cephes' sinf/cosf
// polynomials on |θ| ≤ π/4 after the same exact integer quadrant reduction as boxMuller. Every operation is
// rounded to float32 (Math.fround: the float64 result of + − × ÷ √ on float32 inputs rounds to the correctly
// rounded float32), so the wasm kernels (packages/engine/assembly/step-noise.ts, f32x4) draw bit-identical
// values four lanes per SIMD operation. Relative error of z ≲ 1e-6, far below any use of the noise.

export const NOISE_ROUNDS = 13;
/** Counter word 1 of the noise pair: block ^ NOISE_DOMAIN (normal uses ^ 0x80000000, uniform the block). */
export const NOISE_DOMAIN = 0x40000000;
const fr = Math.fround;
const G_LG1 = fr(0.6666666269302368);
const G_LG2 = fr(0.40000972151756287);
const G_LG3 = fr(0.2849878668785095);
const G_LG4 = fr(0.24279078841209412);
const G_LN2_HI = fr(0.6931381225585938);
const G_LN2_LO = fr(0.00000905800061445916);
const G_SQRT2_CUT = fr(1.4142135381698608);
/** fround(2π)·2⁻²⁶: the angle of one step of t = (reduced w1) >> 6. */
const G_ANGLE = fr(9.362675967850009e-8);
const G_S3 = fr(-0.00019515295571181923);
const G_S2 = fr(0.008332161232829094);
const G_S1 = fr(-0.16666655242443085);
const G_C3 = fr(0.0000244331567955669);
const G_C2 = fr(-0.0013887316454201937);
const G_C1 = fr(0.04166664555668831);

/** √(−2 ln u) in float32 for u = (2·(w0 >>> 9) + 1)·2⁻²⁴; the split v = m·2^e is exact. */
function noiseRadius(w0: number): number {
  const v = (((w0 >>> 9) << 1) | 1) >>> 0;
  let e = 31 - Math.clz32(v);
  let m = v * POW2_NEG[e + 1];
  if (m >= G_SQRT2_CUT) {
    m *= 0.5;
    e += 1;
  }
  const dk = e - 24;
  const f = fr(m - 1);
  const s = fr(f / fr(2 + f));
  const z = fr(s * s);
  const w = fr(z * z);
  const t1 = fr(w * fr(G_LG2 + fr(w * G_LG4)));
  const t2 = fr(z * fr(G_LG1 + fr(w * G_LG3)));
  const R = fr(t2 + t1);
  const hfsq = fr(fr(0.5 * f) * f);
  const lnu = fr(fr(fr(fr(fr(s * fr(hfsq + R)) + fr(dk * G_LN2_LO)) - hfsq) + f) + fr(dk * G_LN2_HI));
  return fr(Math.sqrt(fr(-2 * lnu)));
}

/** Writes the float32 Box–Muller pair of words (w0, w1) into pair[0] (r·cos a), pair[1] (r·sin a). */
export function noisePair(w0: number, w1: number, pair: Float64Array): void {
  const r = noiseRadius(w0);
  const wq = (w1 + 0x20000000) >>> 0;
  const q = wq >>> 30;
  const th = fr((((wq & 0x3fffffff) - 0x20000000) >> 6) * G_ANGLE);
  const tz = fr(th * th);
  const sp = fr(fr(fr(fr(G_S3 * tz) + G_S2) * tz) + G_S1);
  const sk = fr(fr(fr(sp * tz) * th) + th);
  const cp = fr(fr(fr(fr(G_C3 * tz) + G_C2) * tz) + G_C1);
  const ck = fr(fr(fr(fr(cp * tz) * tz) - fr(0.5 * tz)) + 1);
  const c = q & 1 ? sk : ck;
  const s = q & 1 ? ck : sk;
  pair[0] = fr(r * ((q + 1) & 2 ? -c : c));
  pair[1] = fr(r * (q & 2 ? -s : s));
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
  private readonly pair = new Float64Array(2);
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

  /**
   * Fast standard normal for per-step noise (not the same numbers as normal(); see the section above):
   * element `index` of `block`, from the pair index >> 1.
   */
  noise(block: number, index: number): number {
    threefry2x32(this.key0, this.key1, index >>> 1, (block ^ NOISE_DOMAIN) >>> 0, this.w, NOISE_ROUNDS);
    noisePair(this.w[0], this.w[1], this.pair);
    return this.pair[index & 1];
  }

  /** out[i] = std·noise(block, i): per-step Gaussian noise (update noise, label noise; block = step). */
  fillNoise(out: FloatArray, block: number, std = 1): void {
    const w = this.w;
    const pair = this.pair;
    const hb = (block ^ NOISE_DOMAIN) >>> 0;
    const n = out.length;
    for (let i = 0; i < n; i += 2) {
      threefry2x32(this.key0, this.key1, i >>> 1, hb, w, NOISE_ROUNDS);
      noisePair(w[0], w[1], pair);
      out[i] = std * pair[0];
      if (i + 1 < n) out[i + 1] = std * pair[1];
    }
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
