import { bitwiseEqual, contextFor, range, recording, seeded } from './__fixtures__/context';
import { gaussianFilter1d } from './gaussian-filter';
import { minMaxNorm } from './min-max-norm';
import { predictiveRingTask } from './predictive-plugins';
import { PREDICTIVE_RING_DEFAULTS, makePredictiveRing, predictiveRingData, simulatePredictiveRing } from './predictive-ring';

/** Affine map (a, b) with y ≈ a·x + b fitted from the extremes, then checked on every value. */
function expectAffine(x: number[], y: number[]): void {
  const i = x.indexOf(Math.min(...x));
  const j = x.indexOf(Math.max(...x));
  const a = (y[j] - y[i]) / (x[j] - x[i]);
  const b = y[i] - a * x[i];
  x.forEach((v, k) => expect(y[k]).toBeCloseTo(a * v + b, 12));
}

describe('predictive-ring simulation', () => {
  it('builds the texture from 121 uniforms smoothed with sigma 120/30 = 4 (reflect), then min_max_norm', () => {
    const r = recording(2);
    const raw = simulatePredictiveRing({}, r);
    expect(r.draws.length).toBe(121 + 11);
    const u = Float64Array.from(r.draws.slice(0, 121).map(([, v]) => v));
    expect(Array.from(raw.texture)).toEqual(Array.from(minMaxNorm(gaussianFilter1d(u, 4, 'reflect'))));
  });

  it('moves by U(0,1)·(120/n·20) per sample', () => {
    const r = recording(3);
    const raw = simulatePredictiveRing({ nSamples: 40 }, r);
    const u = r.draws.slice(121).map(([, v]) => v);
    expect(raw.cumulative[0]).toBe(u[0] * 60);
    for (let i = 1; i <= 40; i++) expect(raw.cumulative[i]).toBe(raw.cumulative[i - 1] + u[i] * 60);
  });

  it('samples inputDim points over [pos, pos + 30] mod 120 with linear interpolation', () => {
    const raw = simulatePredictiveRing({ nSamples: 6, inputDim: 7 }, seeded(4));
    const tex = raw.texture;
    const lerp = (p: number) => {
      const lo = Math.min(Math.floor(p), 119);
      return tex[lo] + (tex[lo + 1] - tex[lo]) * (p - lo);
    };
    for (let i = 0; i <= 6; i++) {
      for (let j = 0; j < 7; j++) {
        const p = (raw.cumulative[i] + j * 5) % 120;
        expect(raw.windows[i * 7 + j]).toBeCloseTo(lerp(p), 13);
      }
    }
  });

  it("'periodic' texture: arenaSize values, wrap smoothing, continuous across 0 ≡ arenaSize", () => {
    const r = recording(5);
    const raw = simulatePredictiveRing({ texture: 'periodic', nSamples: 200 }, r);
    expect(raw.texture.length).toBe(120);
    const u = Float64Array.from(r.draws.slice(0, 120).map(([, v]) => v));
    expect(Array.from(raw.texture)).toEqual(Array.from(minMaxNorm(gaussianFilter1d(u, 4, 'wrap'))));
    // a window point just below 120 reads between tex[119] and tex[0]
    const d = PREDICTIVE_RING_DEFAULTS.inputDim;
    for (let i = 0; i <= 200; i++) {
      const p = raw.cumulative[i] % 120;
      if (p > 119) {
        const want = raw.texture[119] + (raw.texture[0] - raw.texture[119]) * (p - 119);
        expect(raw.windows[i * d]).toBeCloseTo(want, 13);
      }
    }
  });
});

describe('predictive-ring data', () => {
  it('has X rows 0..n−1 and y rows 1..n of the windows, outputDim = inputDim, position = pos mod 120', () => {
    const raw = simulatePredictiveRing({ nSamples: 30, inputDim: 9 }, seeded(6));
    const d = predictiveRingData(raw);
    expect(d).toMatchObject({ id: 'predictive-ring', n: 30, inputDim: 9, outputDim: 9, directional: false });
    for (let i = 0; i < 30; i++) expect(d.position[i]).toBe(raw.cumulative[i] % 120);
    const [lo, hi] = range(d.position);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(120);
  });

  it('without aliasing: target row t is one affine image of input row t+1 for every t', () => {
    const d = makePredictiveRing({ nSamples: 30, inputDim: 9, aliasedNormalization: false }, seeded(6));
    const xs: number[] = [];
    const ys: number[] = [];
    for (let t = 0; t + 1 < 30; t++) for (let j = 0; j < 9; j++) {
      xs.push(d.x[(t + 1) * 9 + j]);
      ys.push(d.y[t * 9 + j]);
    }
    expectAffine(xs, ys);
  });

  it('with aliasing (the code): rows 0..n−2 of y follow X in place, the last target row is on another scale', () => {
    const n = 30;
    const w = 9;
    const raw = simulatePredictiveRing({ nSamples: n, inputDim: w }, seeded(6));
    const d = predictiveRingData(raw);
    // By hand: X normalised in place first, so y sees rows 1..n−1 already normalised and row n raw.
    const t = Float64Array.from(raw.windows);
    const xPart = t.slice(0, n * w);
    const xOut = minMaxNorm(xPart);
    const yIn = new Float64Array(n * w);
    yIn.set(xPart.subarray(w), 0);
    yIn.set(t.subarray(n * w), (n - 1) * w);
    expect(Array.from(d.x)).toEqual(Array.from(xOut));
    expect(Array.from(d.y)).toEqual(Array.from(minMaxNorm(yIn)));
    // the first n−1 target rows are still one affine image of the next inputs …
    const xs: number[] = [];
    const ys: number[] = [];
    for (let r = 0; r + 1 < n; r++) for (let j = 0; j < w; j++) {
      xs.push(d.x[(r + 1) * w + j]);
      ys.push(d.y[r * w + j]);
    }
    expectAffine(xs, ys);
    // … which the last row does not follow: map raw row n the way the clean (non-aliased) data would
    const clean = makePredictiveRing({ nSamples: n, inputDim: w, aliasedNormalization: false }, seeded(6));
    const lastAliased = Array.from(d.y.subarray((n - 1) * w));
    const lastClean = Array.from(clean.y.subarray((n - 1) * w));
    expect(lastAliased).not.toEqual(lastClean);
  });

  it('is bitwise deterministic for a seed and differs for another', () => {
    const a = predictiveRingTask.create(PREDICTIVE_RING_DEFAULTS, contextFor(1));
    const b = predictiveRingTask.create(PREDICTIVE_RING_DEFAULTS, contextFor(1));
    expect(bitwiseEqual(a.x, b.x) && bitwiseEqual(a.y, b.y)).toBe(true);
    const c = predictiveRingTask.create(PREDICTIVE_RING_DEFAULTS, contextFor(2));
    expect(bitwiseEqual(a.x, c.x)).toBe(false);
  });

  it('values lie in about [−1, 1) (symmetric) or [0, 1) (unit)', () => {
    const s = makePredictiveRing({ nSamples: 50 }, seeded(8));
    const [lo, hi] = range(s.x);
    expect(lo).toBeCloseTo(-1, 4);
    expect(hi).toBeLessThan(1);
    const u = makePredictiveRing({ nSamples: 50, normalization: 'unit' }, seeded(8));
    const [ulo, uhi] = range(u.x);
    expect(ulo).toBeCloseTo(0, 4);
    expect(uhi).toBeCloseTo(1, 4);
  });

  it('rejects bad options', () => {
    expect(() => makePredictiveRing({ inputDim: 2.5 }, seeded(1))).toThrow(/inputDim/);
    expect(() => makePredictiveRing({ outputDim: 3 } as never, seeded(1))).toThrow(/unknown option "outputDim"/);
  });
});
