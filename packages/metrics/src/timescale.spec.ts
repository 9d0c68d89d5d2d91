import { fitExponentialDecay, sparsificationTimescale } from './timescale';

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + (i * (b - a)) / (n - 1)));

describe('sparsificationTimescale (utils.get_tau reproduction)', () => {
  it('reproduces numpy on a sampled exponential, including its ≈1.49× rate bias', () => {
    const k = 1e-4;
    const x = linspace(0, 1e5, 101);
    const y = x.map((t) => 0.3 + 0.7 * Math.exp(-k * t));
    const r = sparsificationTimescale(x, y)!;
    // oracle: get_tau(np.linspace(0, 1e5, 101), 0.3 + 0.7·exp(−1e-4·x))
    expect(r.rate / -0.00014921848285105675).toBeCloseTo(1, 9);
    expect(r.nPoints).toBe(23);
    expect(r.tau).toBeCloseTo(1 / 0.00014921848285105675, 3);
    expect(r.logRate).toBeCloseTo(Math.log10(0.00014921848285105675), 9);
    // the code's bias is a shape property: the fitted rate is 1.49 × the true one at any scale
    expect(r.rate / -k).toBeCloseTo(1.492, 3);
    const faster = sparsificationTimescale(x.map((t) => t / 10), y)!;
    expect(faster.rate / -0.0014921848285105671).toBeCloseTo(1, 9);
  });

  it('reproduces numpy on a quantised curve whose first step is not 0', () => {
    const x = linspace(1000, 2e5, 200);
    const y = x.map((t) => Math.floor(100 * (0.25 + 0.75 * Math.exp(-3e-5 * t))) / 100);
    const r = sparsificationTimescale(x, y)!;
    expect(r.nPoints).toBe(74);
    expect(r.rate / -5.7014575356924105e-5).toBeCloseTo(1, 8);
  });

  it('null for flat, too short or non-decreasing curves', () => {
    expect(sparsificationTimescale([0, 1, 2, 3], [1, 1, 1, 1])).toBeNull();
    expect(sparsificationTimescale([0, 1], [1, 0.5])).toBeNull();
    expect(sparsificationTimescale([0, 1, 2, 3, 4, 5, 6], [0.5, 0.6, 0.7, 0.8, 0.9, 1, 0])).toBeNull();
    expect(sparsificationTimescale([0, 1, 2], [1, NaN, 0.5])).toBeNull();
  });
});

describe('fitExponentialDecay', () => {
  it('recovers the rate of an exact exponential with plateau', () => {
    const x = linspace(0, 1e5, 101);
    const fit = fitExponentialDecay(x, x.map((t) => 0.3 + 0.7 * Math.exp(-1e-4 * t)))!;
    expect(fit.rate / 1e-4).toBeCloseTo(1, 6);
    expect(fit.offset).toBeCloseTo(0.3, 6);
    expect(fit.amplitude).toBeCloseTo(0.7, 6);
    expect(fit.rmse).toBeLessThan(1e-8);
  });

  it('recovers the rate within 5 % on a quantised curve (fraction of 100 units)', () => {
    const x = linspace(1000, 2e5, 200);
    const fit = fitExponentialDecay(x, x.map((t) => Math.floor(100 * (0.25 + 0.75 * Math.exp(-3e-5 * t))) / 100))!;
    expect(Math.abs(fit.rate / 3e-5 - 1)).toBeLessThan(0.05);
  });

  it('fixed offset, and null without decay', () => {
    const x = linspace(0, 10, 21);
    const fit = fitExponentialDecay(x, x.map((t) => 2 * Math.exp(-0.5 * t)), { offset: 0 })!;
    expect(fit.rate).toBeCloseTo(0.5, 8);
    expect(fit.offset).toBe(0);
    expect(fitExponentialDecay(x, x.map((t) => 1 - Math.exp(-t)))).toBeNull();
    expect(fitExponentialDecay([0, 1], [1, 0.5])).toBeNull();
  });
});
