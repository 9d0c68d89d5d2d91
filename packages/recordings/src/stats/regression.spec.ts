import { linearRegression, meanSem } from './regression';

describe('linearRegression', () => {
  it('matches scipy.stats.linregress (slope, intercept, stderr, p) on a hand series', () => {
    // scipy 1.17.1: linregress([1..8], [1, .97, .99, .93, .95, .9, .91, .88])
    const f = linearRegression([1, 2, 3, 4, 5, 6, 7, 8], [1.0, 0.97, 0.99, 0.93, 0.95, 0.9, 0.91, 0.88]);
    expect(f.slope).toBeCloseTo(-0.016547619047619044, 14);
    expect(f.intercept).toBeCloseTo(1.0157142857142856, 13);
    expect(f.slopeSE).toBeCloseTo(0.0026628728682234286, 13);
    expect(f.p).toBeCloseTo(0.0008017607250626282, 13);
    expect(f.df).toBe(6);
  });

  it('is exact for points on a line (p = 0) and skips non-finite pairs', () => {
    const f = linearRegression([1, 2, 3, NaN, 4], [3, 5, 7, 100, 9]);
    expect(f.slope).toBe(2);
    expect(f.intercept).toBe(1);
    expect(f.n).toBe(4);
    expect(f.p).toBe(0);
  });

  it('returns NaN statistics when x is constant or there are too few points', () => {
    expect(linearRegression([1, 1, 1], [1, 2, 3]).slope).toBeNaN();
    expect(linearRegression([1, 2], [1, 2]).p).toBeNaN();
  });
});

describe('meanSem', () => {
  it('uses ddof = 1 over finite values', () => {
    const r = meanSem([1, 2, 3, 4, NaN]);
    expect(r.mean).toBe(2.5);
    expect(r.n).toBe(4);
    expect(r.sem).toBeCloseTo(Math.sqrt(5 / 3) / 2, 14);
  });
});
