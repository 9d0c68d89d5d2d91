// Counter-based random numbers (Threefry-2x32, 20 rounds; Salmon et al. 2011, "Random123").
// A stream is a key derived from (seed, stream name, replica). A draw is a pure function of
// (key, block, index), so a trajectory never depends on how many other draws happened
// (adding a metric or hook cannot change it) and any backend (TS, wasm) can reproduce it.
// Convention: block = training step (or a fixed block for data generation), index = element.

import type { FloatArray } from './model';

const ROT = [13, 15, 26, 6, 17, 29, 16, 24];
const PARITY = 0x1bd11bda;
const TWO_PI = 2 * Math.PI;
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

  /** Standard normal for element `index` of `block` (Box–Muller on the pair index>>1). */
  normal(block: number, index: number): number {
    threefry2x32(this.key0, this.key1, index >>> 1, (block ^ 0x80000000) >>> 0, this.w);
    const r = Math.sqrt(-2 * Math.log((this.w[0] + 0.5) * INV_2_32));
    const a = TWO_PI * this.w[1] * INV_2_32;
    return index & 1 ? r * Math.sin(a) : r * Math.cos(a);
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
      const r = Math.sqrt(-2 * Math.log((w[0] + 0.5) * INV_2_32));
      const a = TWO_PI * w[1] * INV_2_32;
      out[i] = mean + std * (r * Math.cos(a));
      out[i + 1] = mean + std * (r * Math.sin(a));
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
