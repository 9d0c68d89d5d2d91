import { NOISE_ROUNDS, RandomStream, SequentialRandom, boxMuller, fnv1a, noisePair, threefry2x32 } from './rng';

describe('threefry2x32-20', () => {
  // Known-answer vectors from Random123's kat_vectors (counter, key → output).
  it.each([
    [[0, 0], [0, 0], [0x6b200159, 0x99ba4efe]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x1cb996fc, 0xbb002be7]],
    [[0x243f6a88, 0x85a308d3], [0x13198a2e, 0x03707344], [0xc4923a9c, 0x483df7a0]],
  ])('matches the Random123 answer for counter %j key %j', (ctr, key, expected) => {
    const out = new Uint32Array(2);
    threefry2x32(key[0], key[1], ctr[0], ctr[1], out);
    expect(Array.from(out)).toEqual(expected);
  });

  it('hashes names with FNV-1a', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
  });
});

describe('boxMuller', () => {
  it('matches r·cos a, r·sin a computed with Math.log/cos/sin to ~1e-15', () => {
    const s = RandomStream.derive(11, 'words');
    const words = [0, 1, 2, 0x7fffffff, 0x80000000, 0xb504f333, 0xb504f334, 0xfffffffe, 0xffffffff, 0x20000000, 0x3fffffff, 0xc0000000];
    for (let i = 0; i < 4000; i++) words.push(Math.floor(s.uniform(0, i) * 4294967296));
    for (let i = 0; i < words.length; i++) {
      const w0 = words[i];
      const w1 = words[(i * 7 + 3) % words.length];
      const r = Math.sqrt(-2 * Math.log((w0 + 0.5) / 4294967296));
      const a = (2 * Math.PI * w1) / 4294967296;
      expect(Math.abs(boxMuller(w0, w1, 0) - r * Math.cos(a))).toBeLessThan(1e-14 * Math.max(1, r));
      expect(Math.abs(boxMuller(w0, w1, 1) - r * Math.sin(a))).toBeLessThan(1e-14 * Math.max(1, r));
    }
  });
});

describe('RandomStream', () => {
  it('is a pure function of (seed, name, replica, block, index)', () => {
    const a = RandomStream.derive(7, 'update-noise');
    const b = RandomStream.derive(7, 'update-noise');
    expect(a.normal(3, 11)).toBe(b.normal(3, 11));
    a.uniform(0, 0); // drawing elsewhere changes nothing
    expect(a.uniform(5, 2)).toBe(b.uniform(5, 2));
    expect(RandomStream.derive(7, 'label-noise').normal(3, 11)).not.toBe(a.normal(3, 11));
    expect(RandomStream.derive(8, 'update-noise').normal(3, 11)).not.toBe(a.normal(3, 11));
    expect(RandomStream.derive(7, 'update-noise', 1).normal(3, 11)).not.toBe(a.normal(3, 11));
  });

  it('fills exactly the numbers of single draws, at any offset', () => {
    const s = RandomStream.derive(1, 'x');
    for (const offset of [0, 1, 4, 7]) {
      const buf = new Float64Array(9);
      s.fillNormal(buf, 12, 2, 1, offset);
      buf.forEach((v, i) => expect(v).toBe(1 + 2 * s.normal(12, offset + i)));
      const u = new Float64Array(5);
      s.fillUniform(u, 12, -1, 3, offset);
      u.forEach((v, i) => expect(v).toBe(-1 + 4 * s.uniform(12, offset + i)));
    }
  });

  it('draws standard normals and uniforms with the right moments', () => {
    const s = RandomStream.derive(3, 'moments');
    const n = 200000;
    const z = new Float64Array(n);
    s.fillNormal(z, 0);
    let m = 0, v = 0, k = 0;
    for (const x of z) m += x;
    m /= n;
    for (const x of z) { v += (x - m) ** 2; k += (x - m) ** 4; }
    v /= n; k /= n * v * v;
    expect(Math.abs(m)).toBeLessThan(0.01);
    expect(Math.abs(v - 1)).toBeLessThan(0.01);
    expect(Math.abs(k - 3)).toBeLessThan(0.05);
    const u = new Float64Array(n);
    s.fillUniform(u, 1);
    expect(u.reduce((a, b) => Math.min(a, b), 1)).toBeGreaterThanOrEqual(0);
    expect(u.reduce((a, b) => Math.max(a, b), 0)).toBeLessThan(1);
    expect(Math.abs(u.reduce((a, b) => a + b, 0) / n - 0.5)).toBeLessThan(0.005);
  });

  it('rejects seeds that are not non-negative safe integers', () => {
    expect(() => RandomStream.derive(-1, 'x')).toThrow(/seed/);
    expect(() => RandomStream.derive(1.5, 'x')).toThrow(/seed/);
  });
});

describe('SequentialRandom', () => {
  it('advances a counter that can be saved and restored', () => {
    const a = SequentialRandom.derive(5, 'data');
    a.normal();
    a.uniform();
    const saved = a.counter;
    const next = [a.normal(), a.uniform(), a.int(10)];
    const b = SequentialRandom.derive(5, 'data');
    b.counter = saved;
    expect([b.normal(), b.uniform(), b.int(10)]).toEqual(next);
  });

  it('fills buffers with the same numbers as single draws', () => {
    const a = SequentialRandom.derive(9, 'd');
    const b = SequentialRandom.derive(9, 'd');
    const buf = new Float64Array(5);
    a.fillNormal(buf, 0.5);
    expect(Array.from(buf)).toEqual(Array.from({ length: 5 }, () => 0.5 * b.normal()));
    expect(a.counter).toBe(5);
  });
});

describe('fast step noise (fillNoise)', () => {
  it.each([
    [[0, 0], [0, 0], [0x9d1c5ec6, 0x8bd50731]],
    [[0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0xfd36d048, 0x2d17272c]],
    [[0x243f6a88, 0x85a308d3], [0x13198a2e, 0x03707344], [0xba3e4725, 0xf27d669e]],
  ])('draws its words from Threefry-2x32-13 (Random123 answer for counter %j key %j)', (ctr, key, expected) => {
    const out = new Uint32Array(2);
    threefry2x32(key[0], key[1], ctr[0], ctr[1], out, NOISE_ROUNDS);
    expect(Array.from(out)).toEqual(expected);
  });

  it('is the float32 Box–Muller pair: r·cos a, r·sin a within float32 precision of Math.log/cos/sin', () => {
    const pair = new Float64Array(2);
    const words: Array<[number, number]> = [[0, 0], [0xffffffff, 0x40000000], [0x12345678, 0x9abcdef0], [0x80000000, 0xc0000001], [0x1ff, 0x7fffffff]];
    for (const [w0, w1] of words) {
      noisePair(w0, w1, pair);
      const u = (2 * (w0 >>> 9) + 1) / 2 ** 24;
      const r = Math.sqrt(-2 * Math.log(u));
      const t = ((((w1 + 0x20000000) >>> 0) & 0x3fffffff) - 0x20000000) >> 6;
      const a = (((w1 + 0x20000000) >>> 0) >>> 30) * (Math.PI / 2) + t * ((2 * Math.PI) / 2 ** 26);
      expect(Math.abs(pair[0] - r * Math.cos(a))).toBeLessThan(2e-6 * r);
      expect(Math.abs(pair[1] - r * Math.sin(a))).toBeLessThan(2e-6 * r);
      expect(Math.fround(pair[0])).toBe(pair[0]);
      expect(Math.fround(pair[1])).toBe(pair[1]);
    }
  });

  it('fills std·noise(block, i), a pure function of (key, block, index), in both dtypes', () => {
    const s = RandomStream.derive(5, 'update-noise');
    const a = new Float64Array(7);
    s.fillNoise(a, 12, 0.3);
    a.forEach((v, i) => expect(v).toBe(0.3 * RandomStream.derive(5, 'update-noise').noise(12, i)));
    const f = new Float32Array(7);
    s.fillNoise(f, 12, 0.3);
    f.forEach((v, i) => expect(v).toBe(Math.fround(a[i])));
    const other = new Float64Array(7);
    s.fillNoise(other, 13, 0.3);
    expect(other).not.toEqual(a);
    // A different transform (and counter domain) from normal(): the data/init draws are untouched.
    expect(s.noise(12, 0)).not.toBe(s.normal(12, 0));
  });

  it('has the moments of a standard normal over 1e5 draws (mean, variance, kurtosis, tails)', () => {
    const n = 100_000;
    const z = new Float64Array(n);
    RandomStream.derive(42, 'moments').fillNoise(z, 3);
    let m1 = 0;
    for (const v of z) m1 += v;
    m1 /= n;
    let m2 = 0;
    let m4 = 0;
    let beyond2 = 0;
    let maxAbs = 0;
    for (const v of z) {
      const d = (v - m1) ** 2;
      m2 += d;
      m4 += d * d;
      if (Math.abs(v) > 2) beyond2++;
      maxAbs = Math.max(maxAbs, Math.abs(v));
    }
    m2 /= n;
    m4 /= n;
    expect(Math.abs(m1)).toBeLessThan(0.01); // 3.2 standard errors
    expect(Math.abs(m2 - 1)).toBeLessThan(0.015); // ~3.4 s.e. (√(2/n) ≈ 0.0045)
    expect(Math.abs(m4 / (m2 * m2) - 3)).toBeLessThan(0.08); // s.e. ≈ √(24/n) ≈ 0.015
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.003); // P(|z| > 2) = 0.0455
    expect(maxAbs).toBeLessThanOrEqual(Math.sqrt(-2 * Math.log(2 ** -24)));
  });
});
