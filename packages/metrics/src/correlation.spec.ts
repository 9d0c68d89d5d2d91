import { correlationVsLag, pearson, populationVectorCorrelation, populationVectorCorrelationMatrix, rateMapCorrelationMatrix } from './correlation';
import { gaussianSmoothMaps } from './smoothing';

const f = (...v: number[]) => Float64Array.from(v);
const mask = (...v: number[]) => Uint8Array.from(v);

describe('pearson', () => {
  it('hand-computed values, NaN for constant input', () => {
    expect(pearson(f(1, 2, 3), 0, f(1, 3, 2), 0, 3)).toBeCloseTo(0.5, 15);
    expect(pearson(f(1, 2, 3), 0, f(3, 2, 1), 0, 3)).toBeCloseTo(-1, 15);
    expect(pearson(f(1, 1, 1), 0, f(1, 2, 3), 0, 3)).toBeNaN();
    // strided read with a mask: columns of a 3 × 2 matrix, unit 2 left out
    expect(pearson(f(1, 9, 2, 9, 7, 9), 0, f(2, 0, 4, 0, 0, 0), 0, 3, 2, mask(1, 1, 0))).toBeCloseTo(1, 15);
  });
});

describe('rateMapCorrelationMatrix (Fig. 2E)', () => {
  // 3 units × 8 bins. Unit 0 a bump, unit 1 a ramp, unit 2 a different bump.
  const bump = [0, 1, 3, 1, 0, 0, 0, 0];
  const ramp = [0, 1, 2, 3, 4, 5, 6, 7];
  const other = [0, 0, 0, 0, 2, 5, 2, 0];
  const a = f(...bump, ...ramp, ...other);
  const anti = f(...bump.map((v) => 5 - v), ...ramp.map((v) => 10 - 2 * v), ...other.map((v) => 1 - v));

  it('identical maps → 1, anti-correlated maps → −1, diagonal 1', () => {
    const m = rateMapCorrelationMatrix([
      { maps: a, placeMask: mask(1, 1, 1) },
      { maps: f(...a), placeMask: mask(1, 1, 1) },
      { maps: anti, placeMask: mask(1, 1, 1) },
    ]);
    expect(m[0][0]).toBe(1);
    expect(m[0][1]).toBeCloseTo(1, 14);
    expect(m[0][2]).toBeCloseTo(-1, 14);
    expect(m[2][1]).toBeCloseTo(-1, 14);
    expect(m[2][0]).toBe(m[0][2]);
  });

  it('uses only units that are place units at both times, nanmean over them', () => {
    // unsmoothed (σ = 0): unit 0 r = 0.5, unit 1 r = 1, unit 2 would be −1 but is a place unit at t1 only
    const t1 = f(1, 2, 3, 0, 0, 1, 1, 2, 3);
    const t2 = f(1, 3, 2, 0, 0, 1, 3, 2, 1);
    const m = rateMapCorrelationMatrix(
      [
        { maps: t1, placeMask: mask(1, 1, 1) },
        { maps: t2, placeMask: mask(1, 1, 0) },
      ],
      { smoothSigma: 0 },
    );
    expect(m[0][1]).toBeCloseTo(0.75, 15);
    // a unit with a constant map gives NaN and is skipped (nanmean)
    const flat = f(1, 2, 3, 4, 4, 4, 0, 0, 0);
    const m2 = rateMapCorrelationMatrix(
      [
        { maps: flat, placeMask: mask(1, 1, 0) },
        { maps: f(1, 3, 2, 1, 2, 3, 0, 0, 0), placeMask: mask(1, 1, 0) },
      ],
      { smoothSigma: 0 },
    );
    expect(m2[0][1]).toBeCloseTo(0.5, 15);
    // no common place unit → NaN
    const m3 = rateMapCorrelationMatrix([
      { maps: t1, placeMask: mask(1, 0, 0) },
      { maps: t2, placeMask: mask(0, 1, 0) },
    ]);
    expect(m3[0][1]).toBeNaN();
  });

  it('smooths with σ = 0.06·nBins by default', () => {
    const maps1 = f(...bump, ...ramp, ...other);
    const maps2 = f(...other, ...bump, ...ramp);
    const sigma = 0.06 * 8;
    const s1 = gaussianSmoothMaps(maps1, 3, 8, sigma);
    const s2 = gaussianSmoothMaps(maps2, 3, 8, sigma);
    const expected = [0, 1, 2].map((u) => pearson(s1, u * 8, s2, u * 8, 8)).reduce((s, v) => s + v) / 3;
    const m = rateMapCorrelationMatrix([
      { maps: maps1, placeMask: mask(1, 1, 1) },
      { maps: maps2, placeMask: mask(1, 1, 1) },
    ]);
    expect(m[0][1]).toBeCloseTo(expected, 15);
  });

  it('rejects snapshots of different shapes', () => {
    expect(() => rateMapCorrelationMatrix([{ maps: f(1, 2), placeMask: mask(1) }, { maps: f(1, 2, 3), placeMask: mask(1) }])).toThrow();
  });
});

describe('population-vector correlation', () => {
  it('per-bin correlation across units, mean over bins with a defined r', () => {
    // 3 units × 2 bins: bin 0 vectors [1,2,3] vs [1,2,3] → 1; bin 1 [0,0,1] vs [1,0,0] → −0.5
    const A = f(1, 0, 2, 0, 3, 1);
    const B = f(1, 1, 2, 0, 3, 0);
    expect(populationVectorCorrelation(A, B, 3, 2)).toBeCloseTo(0.25, 15);
    // a bin where all units are equal has no r and is skipped
    const C = f(1, 5, 2, 5, 3, 5);
    expect(populationVectorCorrelation(C, C, 3, 2)).toBeCloseTo(1, 15);
    // unit mask
    expect(populationVectorCorrelation(A, B, 3, 2, mask(1, 0, 1))).toBeCloseTo(0, 15);
  });

  it('matrix: units active at either time, symmetric with unit diagonal', () => {
    const A = f(1, 0, 2, 0, 3, 1, 0, 0);
    const B = f(1, 1, 2, 0, 3, 0, 0, 0);
    const m = populationVectorCorrelationMatrix([{ maps: A, placeMask: mask(0, 0, 0, 0) }, { maps: B, placeMask: mask(0, 0, 0, 0) }], { smoothSigma: 0 });
    // unit 3 is silent at both times and left out, so this equals the 3-unit value
    expect(m[0][1]).toBeCloseTo(0.25, 15);
    expect(m[1][0]).toBe(m[0][1]);
    expect(m[1][1]).toBe(1);
  });
});

describe('correlationVsLag', () => {
  it('averages all pairs at equal lag', () => {
    const m = [
      [1, 0.8, 0.5],
      [0.8, 1, 0.6],
      [0.5, 0.6, 1],
    ];
    const p = correlationVsLag(m, [0, 10, 20]);
    expect(p.lag).toEqual([10, 20]);
    expect(p.mean[0]).toBeCloseTo(0.7, 15);
    expect(p.mean[1]).toBe(0.5);
    expect(p.n).toEqual([2, 1]);
    expect(p.sem[0]).toBeCloseTo(0.1, 15); // std([0.8, 0.6], ddof 1) / √2
    expect(p.sem[1]).toBeNaN();
  });

  it('skips NaN entries and merges float-equal lags', () => {
    const m = [
      [1, NaN, 0.2],
      [NaN, 1, 0.4],
      [0.2, 0.4, 1],
    ];
    const p = correlationVsLag(m, [0, 0.1, 0.2]);
    expect(p.lag.length).toBe(2);
    expect(p.n).toEqual([1, 1]);
    expect(p.mean).toEqual([0.4, 0.2]);
  });
});
