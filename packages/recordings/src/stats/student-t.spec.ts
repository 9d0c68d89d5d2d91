import { logGamma, regularizedIncompleteBeta, studentTCdf, studentTTwoSidedP } from './student-t';

describe('Student-t', () => {
  // Reference values from scipy.stats.t (1.17.1): t.cdf(t, df) and 2·t.sf(|t|, df), computed once.
  const cases: [number, number, number, number][] = [
    [2.0, 5, 0.9490302605850708, 0.10193947882985835],
    [2.228138851986274, 10, 0.975, 0.05],
    [0.5, 1, 0.6475836176504333, 0.7048327646991335],
    [3.0, 2, 0.9522670168666454, 0.09546596626670913],
    [-1.5, 7, 0.088649243494985, 0.17729848698997],
    [10.0, 3, 0.9989358004707929, 0.0021283990584141503],
    [1.0, 30, 0.8373456922869849, 0.3253086154260302],
    [0.0, 4, 0.5, 1.0],
    [4.5, 46, 0.9999769812013066, 4.6037597386757933e-5],
  ];
  it.each(cases)('t = %p, df = %p', (t, df, cdf, p) => {
    expect(studentTCdf(t, df)).toBeCloseTo(cdf, 12);
    expect(studentTTwoSidedP(t, df)).toBeCloseTo(p, 12);
  });

  it('has the textbook closed forms: df = 1 is Cauchy, df = 2 is t/(2√(2+t²)) + ½', () => {
    for (const t of [-3, -0.4, 0.7, 5]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 13);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 13);
    }
  });

  it('keeps tiny p-values relative-accurate (scipy: 8.231980897006e-45 for t = 25, df = 100)', () => {
    expect(studentTTwoSidedP(25, 100) / 8.231980897006e-45).toBeCloseTo(1, 8);
  });

  it('logGamma and I_x(a, b) match known values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14); // uniform
    expect(regularizedIncompleteBeta(0.4, 2, 3)).toBeCloseTo(0.5248, 13); // 1 − Σ… = 0.5248
  });
});
