import { pairMatrix, registeredMaps, sessionPairCorrelations, sessionPVCorrelation, sessionRateMapCorrelation } from './between-sessions';

describe('registeredMaps', () => {
  it('re-indexes local units by registered id, leaving undetected ids at 0', () => {
    const maps = Float64Array.from([1, 2, 3, 4]); // 2 units × 2 bins
    const r = registeredMaps(maps, Int32Array.from([2, -1]), 3, 2, Uint8Array.from([1, 1]));
    expect(Array.from(r.maps)).toEqual([0, 0, 0, 0, 1, 2]);
    expect(Array.from(r.active)).toEqual([0, 0, 1]);
  });
});

describe('session correlations (hand examples)', () => {
  // 3 registered cells × 2 bins
  const a = { maps: Float64Array.from([1, 0, 0, 1, 2, 2]), active: Uint8Array.from([1, 1, 1]), day: 1 };
  const b = { maps: Float64Array.from([2, 0, 0, 1, 1, 0]), active: Uint8Array.from([1, 1, 0]), day: 3 };

  it('PV correlation: Pearson across cells per bin, averaged over bins', () => {
    // bin 0: a = (1, 0, 2), b = (2, 0, 1): deviations (0, −1, 1), (1, −1, 0) → r = 1/√(2·2) = 0.5;
    // bin 1: a = (0, 1, 2), b = (0, 1, 0): deviations (−1, 0, 1), (−1/3, 2/3, −1/3) → r = 0. Mean 0.25.
    expect(sessionPVCorrelation(a, b, 2)).toBeCloseTo(0.25, 12);
  });

  it('rate-map correlation over cells active in both', () => {
    const res = sessionRateMapCorrelation(a, b, 2);
    expect(res.nCells).toBe(2);
    expect(res.mean).toBeCloseTo(1, 12);
  });

  it('tabulates pairs with Δdays and fills a symmetric matrix', () => {
    const c = { ...b, day: 4 };
    const pairs = sessionPairCorrelations([a, b, c], 2);
    expect(pairs.map((p) => p.deltaDays)).toEqual([2, 3, 1]);
    const m = pairMatrix(pairs, 3, 'rateMap');
    expect(m[1][2]).toBeCloseTo(1, 12);
    expect(m[2][1]).toBe(m[1][2]);
    expect(m[0][0]).toBe(1);
  });
});
