import { interp1dLinear, interpUnitGrid, linspace, pyMod } from './numeric';

describe('pyMod (Python float %)', () => {
  it('takes the sign of the divisor', () => {
    expect(pyMod(-1, 3)).toBe(2);
    expect(pyMod(7, 3)).toBe(1);
    expect(pyMod(-0.5, 2 * Math.PI)).toBeCloseTo(2 * Math.PI - 0.5, 15);
    expect(pyMod(0, 5)).toBe(0);
  });
  it('returns exactly 2π for a tiny negative angle, as Python does', () => {
    expect(pyMod(-1e-17, 2 * Math.PI)).toBe(2 * Math.PI);
  });
});

describe('linspace (np.linspace)', () => {
  it('hits both ends exactly', () => {
    const l = linspace(-0.3, 0.7, 11);
    expect(l[0]).toBe(-0.3);
    expect(l[10]).toBe(0.7);
    expect(l[5]).toBeCloseTo(0.2, 15);
  });
  it('num = 1 gives the start', () => expect(Array.from(linspace(2, 5, 1))).toEqual([2]));
});

describe('interpUnitGrid (np.interp on xp = first, first+1, …)', () => {
  const fp = Float64Array.from([10, 20, 40]); // xp = −1, 0, 1
  it('interpolates linearly', () => {
    expect(interpUnitGrid(-0.5, -1, fp)).toBe(15);
    expect(interpUnitGrid(0.25, -1, fp)).toBe(25);
    expect(interpUnitGrid(0, -1, fp)).toBe(20);
  });
  it('clamps outside', () => {
    expect(interpUnitGrid(-3, -1, fp)).toBe(10);
    expect(interpUnitGrid(1, -1, fp)).toBe(40);
    expect(interpUnitGrid(7, -1, fp)).toBe(40);
  });
});

describe('interp1dLinear (scipy interp1d on arange(len))', () => {
  const f = Float64Array.from([0, 1, 4, 9]);
  it('interpolates between knots and returns knot values', () => {
    expect(interp1dLinear(0, f)).toBe(0);
    expect(interp1dLinear(1.5, f)).toBe(2.5);
    expect(interp1dLinear(2, f)).toBe(4);
    expect(interp1dLinear(3, f)).toBe(9);
    expect(interp1dLinear(2.75, f)).toBe(7.75);
  });
});
