import { RandomStream, type Batch } from '@driftlab/core';
import { labelNoise } from './label-noise';

const stream = RandomStream.derive(21, 'label-noise');

function zerosBatch(n: number, dout: number): Batch {
  return { x: new Float64Array(n * 2).fill(7), y: new Float64Array(n * dout), n };
}
function stats(a: ArrayLike<number>): { mean: number; variance: number; min: number; max: number } {
  let m = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < a.length; i++) {
    m += a[i];
    min = Math.min(min, a[i]);
    max = Math.max(max, a[i]);
  }
  m /= a.length;
  let v = 0;
  for (let i = 0; i < a.length; i++) v += (a[i] - m) ** 2;
  return { mean: m, variance: v / (a.length - 1), min, max };
}

describe('labelNoise', () => {
  it("uniform is DriftReg's y + (U − 0.5)·scale on every entry", () => {
    const batch: Batch = { x: new Float64Array([0, 1, 2, 3]), y: new Float64Array([1, 2, 3, 4]), n: 2 };
    const out = labelNoise(0.8, stream).apply(batch, 17);
    Array.from(out.y).forEach((v, i) => expect(v).toBeCloseTo(batch.y[i] + (stream.uniform(17, i) - 0.5) * 0.8, 14));
  });

  it('uniform stays within ±scale/2 with mean 0 and variance scale²/12', () => {
    const out = labelNoise(2, stream).apply(zerosBatch(5000, 4), 3);
    const s = stats(out.y);
    expect(s.min).toBeGreaterThanOrEqual(-1);
    expect(s.max).toBeLessThan(1);
    expect(s.min).toBeLessThan(-0.99); // the whole interval is used
    expect(s.max).toBeGreaterThan(0.99);
    expect(Math.abs(s.mean)).toBeLessThan(0.02); // sd of the mean ≈ 0.0041
    expect(Math.abs(s.variance - 4 / 12)).toBeLessThan(0.015); // sd of the variance ≈ 0.0021
  });

  it('gaussian is y + scale·N(step, i), std scale', () => {
    const t = labelNoise(0.5, stream, 'gaussian');
    const out = t.apply(zerosBatch(5000, 4), 3);
    expect(out.y[5]).toBeCloseTo(0.5 * stream.noise(3, 5), 14);
    const s = stats(out.y);
    expect(Math.abs(s.mean)).toBeLessThan(0.015);
    expect(Math.abs(Math.sqrt(s.variance) - 0.5)).toBeLessThan(0.015);
  });

  it('leaves the input batch untouched and passes x through as is', () => {
    const batch: Batch = { x: new Float64Array([1, 2, 3, 4]), y: new Float64Array([5, 6]), n: 2 };
    const out = labelNoise(1, stream).apply(batch, 0);
    expect(out.x).toBe(batch.x);
    expect(Array.from(batch.x)).toEqual([1, 2, 3, 4]);
    expect(Array.from(batch.y)).toEqual([5, 6]);
    expect(out.y).not.toBe(batch.y);
    expect(out.n).toBe(2);
  });

  it('is redrawn every step, deterministic per (seed, step), and reuses its buffer', () => {
    const t = labelNoise(1, stream);
    const b = zerosBatch(4, 2);
    const s5 = Array.from(t.apply(b, 5).y);
    const s6 = t.apply(b, 6);
    expect(Array.from(s6.y)).not.toEqual(s5);
    const again = t.apply(b, 5);
    expect(again.y).toBe(s6.y);
    expect(Array.from(again.y)).toEqual(s5);
    expect(Array.from(labelNoise(1, RandomStream.derive(21, 'label-noise')).apply(b, 5).y)).toEqual(s5);
    expect(Array.from(labelNoise(1, RandomStream.derive(22, 'label-noise')).apply(b, 5).y)).not.toEqual(s5);
  });

  it('keeps float32 targets float32', () => {
    const batch: Batch = { x: new Float32Array(2), y: new Float32Array([1, -1]), n: 2 };
    const out = labelNoise(1, stream).apply(batch, 2);
    expect(out.y).toBeInstanceOf(Float32Array);
    expect(out.y[1]).toBeCloseTo(-1 + stream.uniform(2, 1) - 0.5, 6);
  });

  it('describes itself for fusing; refuses a negative scale', () => {
    expect(labelNoise(1.5, stream, 'gaussian').fusable).toEqual({ op: 'label-noise', distribution: 'gaussian', scale: 1.5, stream });
    expect(() => labelNoise(-1, stream)).toThrow();
  });
});
