import { gaussianKernel1d, gaussianSmoothMaps, normalizeMapsByMax } from './smoothing';

describe('gaussianSmoothMaps (scipy.ndimage.gaussian_filter, reflect, truncate 4)', () => {
  const map = [0, 0, 1, 0, 0, 0, 0, 2];

  it('kernel: radius int(4σ + 0.5), sums to 1', () => {
    expect(gaussianKernel1d(1).length).toBe(9);
    expect(gaussianKernel1d(6).length).toBe(49);
    expect(gaussianKernel1d(0.5).length).toBe(5);
    expect(gaussianKernel1d(3).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 15);
  });

  it.each([
    [1, [0.05842298904073567, 0.24210527628121548, 0.39894346935609776, 0.2422391069058302, 0.06312251190999642, 0.12127783970150262, 0.592058976779225, 1.281829830025397]],
    // σ = 3: radius 12 > 8 bins, so the reflection wraps more than once
    [3, [0.222776379339437, 0.23797379429428583, 0.269968003704427, 0.3203821368073654, 0.38745467582776383, 0.4625465276314613, 0.5295017473896291, 0.5693967350056306]],
    [0.5, [2.6386508273735414e-4, 1.0645077197359151e-1, 7.8657072588734223e-1, 1.0645077197359151e-1, 2.6386508273735414e-4, 5.2773016547470828e-4, 2.1342927411265775e-1, 1.7860429957218675]],
  ])('matches scipy for σ = %p', (sigma, expected) => {
    // two units: the map and its double (rows are independent)
    const out = gaussianSmoothMaps(Float64Array.from([...map, ...map.map((v) => 2 * v)]), 2, 8, sigma);
    expected.forEach((e, i) => {
      expect(out[i]).toBeCloseTo(e, 14);
      expect(out[8 + i]).toBeCloseTo(2 * e, 14);
    });
  });

  it('keeps constants and returns a copy for σ = 0', () => {
    const flat = gaussianSmoothMaps(Float64Array.from([3, 3, 3, 3]), 1, 4, 2);
    flat.forEach((v) => expect(v).toBeCloseTo(3, 14));
    const input = Float64Array.from(map);
    const same = gaussianSmoothMaps(input, 1, 8, 0);
    expect(Array.from(same)).toEqual(map);
    expect(same).not.toBe(input);
  });
});

describe('normalizeMapsByMax', () => {
  it('divides each unit by its maximum; all-zero units stay zero', () => {
    const out = normalizeMapsByMax(Float64Array.from([1, 2, 4, 0, 0, 0]), 2, 3);
    expect(Array.from(out)).toEqual([0.25, 0.5, 1, 0, 0, 0]);
  });
});
