import type { TaskData } from '@driftlab/core';
import { bitwiseEqual, contextFor, range, recording, seeded } from './__fixtures__/context';
import { gaussianFilter2d } from './gaussian-filter';
import { minMaxNorm } from './min-max-norm';
import {
  makeRandomAutoencoder,
  makeRandomMapping,
  makeSmoothedAutoencoder,
  makeSmoothedMapping,
} from './random-mappings';
import { randomAutoencoderTask, randomTask, smoothedAutoencoderTask, smoothedTask } from './random-mappings-plugins';
import { RANDOM_MAPPING_DEFAULTS, SMOOTHED_MAPPING_DEFAULTS } from './random-mappings';

/** Mean Pearson correlation between consecutive samples (rows) of each column. */
function lag1Correlation(a: Float64Array, rows: number, cols: number): number {
  let total = 0;
  for (let c = 0; c < cols; c++) {
    const u = Array.from({ length: rows - 1 }, (_, r) => a[r * cols + c]);
    const v = Array.from({ length: rows - 1 }, (_, r) => a[(r + 1) * cols + c]);
    const mu = u.reduce((s, x) => s + x, 0) / u.length;
    const mv = v.reduce((s, x) => s + x, 0) / v.length;
    let num = 0;
    let du = 0;
    let dv = 0;
    for (let i = 0; i < u.length; i++) {
      num += (u[i] - mu) * (v[i] - mv);
      du += (u[i] - mu) ** 2;
      dv += (v[i] - mv) ** 2;
    }
    total += num / Math.sqrt(du * dv);
  }
  return total / cols;
}

const plugins = [randomTask, smoothedTask, randomAutoencoderTask, smoothedAutoencoderTask];
const opts = { ...SMOOTHED_MAPPING_DEFAULTS };

describe.each(plugins.map((p) => [p.aliases![0], p] as const))('%s', (alias, plugin) => {
  const isAuto = alias.endsWith('autoencoder');
  const o = alias.startsWith('smoothed') ? opts : RANDOM_MAPPING_DEFAULTS;
  const make = (seed: number): TaskData => plugin.create(o as never, contextFor(seed));

  it('is bitwise deterministic for a seed and differs for another', () => {
    const a = make(7);
    const b = make(7);
    expect(bitwiseEqual(a.x, b.x) && bitwiseEqual(a.y, b.y)).toBe(true);
    const c = make(8);
    expect(bitwiseEqual(a.x, c.x)).toBe(false);
  });

  it('has the code\'s shapes, positions and value range', () => {
    const d = make(1);
    const outDim = isAuto ? o.inputDim : o.outputDim;
    expect(d).toMatchObject({ id: alias, n: 10, inputDim: 25, outputDim: outDim, directional: false, state: {} });
    expect(d.x.length).toBe(10 * 25);
    expect(d.y.length).toBe(10 * outDim);
    expect(Array.from(d.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const a of [d.x, d.y]) {
      const [lo, hi] = range(a);
      // min maps to −1 − 2e−5/(max+1e−5) and max to 1 − 2e−5/(max+1e−5)
      expect(lo).toBeGreaterThan(-1.0001);
      expect(lo).toBeLessThan(-1);
      expect(hi).toBeLessThan(1);
      expect(hi).toBeGreaterThan(0.9999);
    }
  });

  it("'unit' normalisation maps to about [0, 1)", () => {
    const d = plugin.create({ ...o, normalization: 'unit' } as never, contextFor(1));
    const [lo, hi] = range(d.x);
    expect(lo).toBeCloseTo(0, 4);
    expect(lo).toBeLessThan(0);
    expect(hi).toBeCloseTo(1, 4);
    expect(hi).toBeLessThan(1);
  });

  if (isAuto) {
    it('has y equal to X', () => {
      const d = make(3);
      expect(bitwiseEqual(d.x, d.y)).toBe(true);
    });
  }
});

describe('draw order and exact construction', () => {
  it("'random' = min_max_norm of X draws then y draws", () => {
    const r = recording(5);
    const d = makeRandomMapping({ nSamples: 3, inputDim: 2, outputDim: 4 }, r);
    expect(r.draws.length).toBe(3 * 2 + 3 * 4);
    const u = Float64Array.from(r.draws.map(([, v]) => v));
    expect(Array.from(d.x)).toEqual(Array.from(minMaxNorm(u.slice(0, 6))));
    expect(Array.from(d.y)).toEqual(Array.from(minMaxNorm(u.slice(6))));
  });

  it("'random' X does not depend on outputDim (X is drawn first)", () => {
    const a = makeRandomMapping({ outputDim: 3 }, seeded(2));
    const b = makeRandomMapping({ outputDim: 12 }, seeded(2));
    expect(bitwiseEqual(a.x, b.x)).toBe(true);
  });

  it("'smoothed' smooths X with sigma [n/smoothFactor, outputDim/5] (the code's y_dim)", () => {
    const r = recording(9);
    const d = makeSmoothedMapping({ nSamples: 12, inputDim: 6, outputDim: 10, smoothFactor: 4 }, r);
    const u = Float64Array.from(r.draws.map(([, v]) => v));
    const x = gaussianFilter2d(u.slice(0, 72), 12, 6, [3, 2]);
    const y = gaussianFilter2d(u.slice(72), 12, 10, [3, 2]);
    expect(Array.from(d.x)).toEqual(Array.from(minMaxNorm(x)));
    expect(Array.from(d.y)).toEqual(Array.from(minMaxNorm(y)));
  });

  it("dimSigma 'ownDim' smooths X with inputDim/5", () => {
    const r = recording(9);
    const d = makeSmoothedMapping({ nSamples: 12, inputDim: 6, outputDim: 10, smoothFactor: 4, dimSigma: 'ownDim' }, r);
    const u = Float64Array.from(r.draws.map(([, v]) => v));
    expect(Array.from(d.x)).toEqual(Array.from(minMaxNorm(gaussianFilter2d(u.slice(0, 72), 12, 6, [3, 6 / 5]))));
  });

  it("'smoothed-autoencoder' depends on outputDim through sigma only; 'random-autoencoder' ignores it", () => {
    const a = makeSmoothedAutoencoder({ outputDim: 5 }, seeded(4));
    const b = makeSmoothedAutoencoder({ outputDim: 15 }, seeded(4));
    expect(a.outputDim).toBe(25);
    expect(bitwiseEqual(a.x, b.x)).toBe(false);
    const c = makeRandomAutoencoder({ outputDim: 5 }, seeded(4));
    const e = makeRandomAutoencoder({ outputDim: 15 }, seeded(4));
    expect(bitwiseEqual(c.x, e.x)).toBe(true);
  });

  it('rejects unknown options and bad sizes', () => {
    expect(() => makeRandomMapping({ nSample: 3 } as never, seeded(1))).toThrow(/unknown option "nSample"/);
    expect(() => makeRandomMapping({ nSamples: 0 }, seeded(1))).toThrow(/nSamples/);
    expect(() => makeSmoothedMapping({ smoothFactor: -1 }, seeded(1))).toThrow(/smoothFactor/);
  });
});

describe('smoothing really smooths', () => {
  it('consecutive samples correlate strongly for smoothed data, not for random data', () => {
    const n = 200;
    const s = makeSmoothedMapping({ nSamples: n, inputDim: 10, outputDim: 10 }, seeded(11));
    const r = makeRandomMapping({ nSamples: n, inputDim: 10, outputDim: 10 }, seeded(11));
    // sigma along samples = 200/5 = 40 samples
    expect(lag1Correlation(s.x, n, 10)).toBeGreaterThan(0.99);
    expect(lag1Correlation(s.y, n, 10)).toBeGreaterThan(0.99);
    expect(Math.abs(lag1Correlation(r.x, n, 10))).toBeLessThan(0.1);
  });

  it('neighbouring dimensions correlate for smoothed data (sigma across dims = outputDim/5)', () => {
    const n = 300;
    const s = makeSmoothedMapping({ nSamples: n, inputDim: 20, outputDim: 20, smoothFactor: 100 }, seeded(12));
    // transpose: treat dims as rows
    const t = new Float64Array(n * 20);
    for (let i = 0; i < n; i++) for (let j = 0; j < 20; j++) t[j * n + i] = s.x[i * 20 + j];
    expect(lag1Correlation(t, 20, n)).toBeGreaterThan(0.7);
  });
});
