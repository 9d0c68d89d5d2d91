import { minMaxNorm, minMaxNormColumns, minMaxShiftScaleInPlace } from './min-max-norm';

describe('min_max_norm', () => {
  // x = [2, 4, 6]: x −= 2 + 1e−5 → [−1e−5, 2 − 1e−5, 4 − 1e−5]; x /= (4 − 1e−5) + 1e−5 = 4.
  it('shifts and scales in place, like the code', () => {
    const x = Float64Array.from([2, 4, 6]);
    minMaxShiftScaleInPlace(x);
    expect(x[0]).toBeCloseTo(-2.5e-6, 15);
    expect(x[1]).toBeCloseTo(0.5 - 2.5e-6, 16);
    expect(x[2]).toBeCloseTo(1 - 2.5e-6, 16);
  });

  it("'symmetric' returns (x − 0.5)·2 in a new array and leaves the argument shifted/scaled", () => {
    const x = Float64Array.from([6, 2, 4]);
    const out = minMaxNorm(x, 'symmetric');
    expect(out).not.toBe(x);
    expect(Array.from(out).map((v) => +v.toFixed(12))).toEqual([1 - 5e-6, -1 - 5e-6, -5e-6].map((v) => +v.toFixed(12)));
    expect(x[1]).toBeCloseTo(-2.5e-6, 15);
  });

  it("'unit' stops before the (x − 0.5)·2 step", () => {
    const x = Float64Array.from([6, 2, 4]);
    const out = minMaxNorm(x, 'unit');
    expect(out).not.toBe(x);
    expect(Array.from(out)).toEqual(Array.from(x));
    expect(out[0]).toBeCloseTo(1 - 2.5e-6, 16);
  });

  it('is exactly the two-step formula bit for bit', () => {
    const x = Float64Array.from([0.37, -1.9, 3.3, 0.01]);
    const m = -1.9 + 1e-5;
    const shifted = Array.from(x, (v) => v - m);
    const s = Math.max(...shifted) + 1e-5;
    const want = shifted.map((v) => (v / s - 0.5) * 2);
    expect(Array.from(minMaxNorm(x))).toEqual(want);
  });

  it('is empty-safe', () => expect(minMaxNorm(new Float64Array(0)).length).toBe(0));

  it('normalises a column block with one min and max for the block', () => {
    // 2 × 3, block = columns 0..1 → values [0, 10, 5, 20]; column 2 untouched.
    const a = Float64Array.from([0, 10, 99, 5, 20, -99]);
    minMaxNormColumns(a, 2, 3, 0, 2, 'unit');
    const s = 20 - 1e-5 + 1e-5;
    expect(a[0]).toBeCloseTo(-1e-5 / s, 17);
    expect(a[1]).toBeCloseTo((10 - 1e-5) / s, 15);
    expect(a[4]).toBeCloseTo((20 - 1e-5) / s, 15);
    expect(a[2]).toBe(99);
    expect(a[5]).toBe(-99);
  });
});
