import { extendIndex, gaussianFilter1d, gaussianFilter2d, gaussianKernel1d, gaussianRadius } from './gaussian-filter';
import { pairwiseSum } from './numeric';

/** Unnormalised Gaussian weight at distance k, for hand-built expectations. */
const g = (k: number, sigma: number) => Math.exp(-(k * k) / (2 * sigma * sigma));

describe('gaussianRadius (scipy: int(truncate·sigma + 0.5))', () => {
  it.each([
    [0.3, 1],
    [0.1, 0],
    [2, 8],
    [1.125, 5],
    [1.1249, 4],
    [4, 16],
    [45.9, 184],
  ])('sigma %p → radius %p', (sigma, r) => expect(gaussianRadius(sigma)).toBe(r));
  it('honours another truncate', () => expect(gaussianRadius(2, 3)).toBe(6));
});

describe('gaussianKernel1d', () => {
  it('is the normalised Gaussian', () => {
    const w = gaussianKernel1d(1.3, 5);
    let z = 0;
    for (let k = -5; k <= 5; k++) z += g(k, 1.3);
    for (let k = 0; k <= 5; k++) expect(w[k]).toBeCloseTo(g(k, 1.3) / z, 15);
    expect(w[0] + 2 * (w[1] + w[2] + w[3] + w[4] + w[5])).toBeCloseTo(1, 14);
  });
  it('rejects sigma ≤ 0', () => expect(() => gaussianKernel1d(0, 0)).toThrow(/positive/));
});

describe('gaussianFilter1d, hand-computed', () => {
  // sigma 0.3 → radius 1: weights w0 = 1/(1+2a), w1 = a/(1+2a) with a = exp(−1/(2·0.09)).
  const a = Math.exp(-0.5 / 0.09);
  const w0 = 1 / (1 + 2 * a);
  const w1 = a / (1 + 2 * a);
  const x = Float64Array.from([1, 2, 3, 4, 7]);

  it("mode 'reflect' mirrors the edge sample (a | a b c … e | e)", () => {
    const out = gaussianFilter1d(x, 0.3, 'reflect');
    const expected = [w0 * 1 + w1 * (1 + 2), w0 * 2 + w1 * (1 + 3), w0 * 3 + w1 * (2 + 4), w0 * 4 + w1 * (3 + 7), w0 * 7 + w1 * (4 + 7)];
    expected.forEach((e, i) => expect(out[i]).toBeCloseTo(e, 15));
  });

  it("mode 'wrap' is periodic (e | a … e | a)", () => {
    const out = gaussianFilter1d(x, 0.3, 'wrap');
    expect(out[0]).toBeCloseTo(w0 * 1 + w1 * (7 + 2), 15);
    expect(out[4]).toBeCloseTo(w0 * 7 + w1 * (4 + 1), 15);
    expect(out[2]).toBeCloseTo(w0 * 3 + w1 * (2 + 4), 15);
  });

  it('extends repeatedly when the radius exceeds the length', () => {
    // x = [1, 0, 0], sigma 2 → radius 8, kernel over k = −8 … 8.
    // reflect tiles … c b a | a b c | c b a | a b c …: for out[0] the 1 sits at k ∈ {−7, −6, −1, 0, 5, 6}.
    // wrap tiles … a b c | a b c …: the 1 sits at k ∈ {−6, −3, 0, 3, 6}.
    let z = 0;
    for (let k = -8; k <= 8; k++) z += g(k, 2);
    const w = (k: number) => g(k, 2) / z;
    const one = Float64Array.from([1, 0, 0]);
    expect(gaussianFilter1d(one, 2, 'reflect')[0]).toBeCloseTo(w(0) + w(1) + w(5) + 2 * w(6) + w(7), 15);
    expect(gaussianFilter1d(one, 2, 'wrap')[0]).toBeCloseTo(w(0) + 2 * w(3) + 2 * w(6), 15);
  });

  it('maps extended indices like scipy', () => {
    expect([-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7].map((i) => extendIndex(i, 3, 'reflect'))).toEqual([
      2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0, 1,
    ]);
    expect([-4, -1, 0, 2, 3, 7].map((i) => extendIndex(i, 3, 'wrap'))).toEqual([2, 2, 0, 2, 0, 1]);
  });

  it('keeps constants and a linear ramp away from the edges', () => {
    const c = gaussianFilter1d(new Float64Array(20).fill(0.7), 2.5, 'reflect');
    for (const v of c) expect(v).toBeCloseTo(0.7, 14);
    const ramp = Float64Array.from({ length: 40 }, (_, i) => i);
    const r = gaussianFilter1d(ramp, 2, 'reflect');
    for (let i = 9; i < 31; i++) expect(r[i]).toBeCloseTo(i, 12);
  });
});

describe('scipy fixtures (scipy 1.17.1, values printed with repr)', () => {
  const x = Float64Array.from([0.3, -1.2, 2.5, 0.7, 0.0, 1.1]);
  it('gaussian_filter1d(x, 1.7, mode="reflect")', () => {
    const want = [0.21851917763095424, 0.38791634047758355, 0.5995275307936472, 0.7203993200530396, 0.7412863672679102, 0.7323512637768654];
    gaussianFilter1d(x, 1.7, 'reflect').forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
  });
  it('gaussian_filter1d(x, 1.7, mode="wrap")', () => {
    const want = [0.4503621562224292, 0.5167627755813273, 0.6371917094836592, 0.6827351413630276, 0.6124399321641665, 0.5005082851853904];
    gaussianFilter1d(x, 1.7, 'wrap').forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
  });
  it('radius > length: gaussian_filter1d([1,0,0], 2) in both modes', () => {
    const refl = [0.3891429864780211, 0.3332867762903035, 0.2775702372316754];
    const wrap = [0.333426447419393, 0.3332867762903035, 0.3332867762903035];
    gaussianFilter1d(Float64Array.from([1, 0, 0]), 2, 'reflect').forEach((v, i) => expect(v).toBeCloseTo(refl[i], 15));
    gaussianFilter1d(Float64Array.from([1, 0, 0]), 2, 'wrap').forEach((v, i) => expect(v).toBeCloseTo(wrap[i], 15));
  });

  const A = Float64Array.from([0.1, 0.9, 0.4, 0.5, 0.2, 0.8, 0.7, 0.3, 0.6, 0.0, 1.0, 0.5]);
  it('gaussian_filter(A 4×3, sigma=[0.8, 0.6]) (axis 0, then axis 1)', () => {
    const want = [
      0.2979153631757898, 0.5929915278623259, 0.5386294978692204, 0.4318302060453223, 0.4579244875402464, 0.6080542749972951,
      0.46615203686101336, 0.49102754446770247, 0.5904970324547956, 0.2915685814046638, 0.6563474377607057, 0.5770620095609207,
    ];
    gaussianFilter2d(A, 4, 3, [0.8, 0.6]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
  });
  it('gaussian_filter skips an axis with sigma 0', () => {
    const want = [
      0.23524254884056955, 0.6814819141002284, 0.48327553705920223, 0.4503426300023012, 0.35128175177676507, 0.698375618220934,
      0.6325070390121412, 0.41766358471526166, 0.5498293762725971, 0.16937396963177698, 0.747863747038725, 0.5827622833294981,
    ];
    gaussianFilter2d(A, 4, 3, [0, 0.6]).forEach((v, i) => expect(v).toBeCloseTo(want[i], 15));
  });
  it('rejects a wrong shape', () => expect(() => gaussianFilter2d(A, 5, 3, [1, 1])).toThrow(/5×3/));
});

describe('pairwiseSum (np.sum order)', () => {
  it('sums exactly representable values', () => {
    expect(pairwiseSum(Float64Array.from({ length: 300 }, (_, i) => i))).toBe(44850);
  });
  it('rounds like numpy, not like a running sum', () => {
    // np.array([1e16, 1, −1e16, 1] * 50).sum() == 128.0 (a running sum gives 1.0).
    const b = Float64Array.from({ length: 200 }, (_, i) => [1e16, 1, -1e16, 1][i % 4]);
    expect(pairwiseSum(b)).toBe(128);
    let seq = 0;
    for (const v of b) seq += v;
    expect(seq).toBe(1);
  });
});
