import { bitwiseEqual, contextFor, range, recording, seeded } from './__fixtures__/context';
import { gaussianFilter1d } from './gaussian-filter';
import { minMaxNorm } from './min-max-norm';
import { predictiveTrackTask } from './predictive-plugins';
import { PREDICTIVE_TRACK_DEFAULTS, makePredictiveTrack, predictiveTrackData, simulatePredictiveTrack } from './predictive-track';
import { makeWallTexture, sampleWallTexture, textureTiles } from './track-texture';

const TWO_PI = 2 * Math.PI;

describe('wall texture', () => {
  it('has int((sizeX + sizeY)·2·fovTiles) tiles: 510 for Fig. 2', () => {
    expect(textureTiles(1, 14, 17)).toBe(510);
    expect(textureTiles(2.5, 3, 3)).toBe(33);
  });

  it('equals circular (wrap) smoothing of the noise while 4σ < n_tiles', () => {
    const r = recording(3);
    const tex = makeWallTexture(60, 0.05, r); // sigma 3, radius 12
    const noise = Float64Array.from(r.draws.map(([k, v]) => (k === 'n' ? v : NaN)));
    expect(noise.length).toBe(60);
    const wrap = gaussianFilter1d(noise, 3, 'wrap');
    tex.values.forEach((v, i) => expect(v).toBeCloseTo(wrap[i], 14));
  });

  it('is sampled periodically: phase 0 ≡ phase 1, linear in between', () => {
    const tex = makeWallTexture(40, 0.05, seeded(1));
    const v = tex.values;
    expect(sampleWallTexture(tex, 0)).toBe(v[0]);
    expect(sampleWallTexture(tex, 1)).toBe(v[0]);
    expect(sampleWallTexture(tex, 10.5 / 40)).toBeCloseTo((v[10] + v[11]) / 2, 15);
    expect(sampleWallTexture(tex, 39.5 / 40)).toBeCloseTo((v[39] + v[0]) / 2, 15);
    // beyond 1 it clamps to obs[0], as np.interp does
    expect(sampleWallTexture(tex, 1.2)).toBe(v[0]);
  });
});

describe('predictive-track trajectory (Fig. 2 defaults)', () => {
  const sim = simulatePredictiveTrack({}, seeded(0));
  const n = 150;
  const f = 17;

  it('keeps x pinned at 0 and y within ±5.6', () => {
    expect(sim.posX.every((v) => v === 0)).toBe(true);
    const [lo, hi] = range(sim.posY);
    expect(lo).toBeCloseTo(-5.6, 12);
    expect(hi).toBeCloseTo(5.6, 12);
    expect(sim.posY[0]).toBe(0);
  });

  it('runs 0 → +5.6 → −5.6 → +5.6 (about 2.5 traversals), turning around at the limits', () => {
    for (const seed of [0, 1, 2, 3, 4]) {
      const s = simulatePredictiveTrack({}, seeded(seed));
      const y = Array.from(s.posY);
      const top = y.findIndex((v) => Math.abs(v - 5.6) < 1e-12);
      const bottom = y.findIndex((v, i) => i > top && Math.abs(v + 5.6) < 1e-12);
      expect(top).toBeGreaterThan(20); // 5.6 / 0.2 = 28 steps on average
      expect(top).toBeLessThan(40);
      expect(bottom - top).toBeGreaterThan(45); // 11.2 / 0.2 = 56
      expect(bottom - top).toBeLessThan(70);
      // the step that hits a limit sets θ to π (top) or 0 (bottom), so that is the next recorded heading
      expect(s.theta[top]).toBe(Math.PI);
      expect(s.theta[bottom]).toBe(0);
      // direction reversals (sign of cos θ) in 150 steps: 2 or 3
      let turns = 0;
      for (let t = 1; t < y.length; t++) if (Math.sign(Math.cos(s.theta[t])) !== Math.sign(Math.cos(s.theta[t - 1]))) turns++;
      expect(turns).toBeGreaterThanOrEqual(2);
      expect(turns).toBeLessThanOrEqual(3);
    }
  });

  it('headings stay near 0 (mod 2π) or π', () => {
    for (const th of sim.theta) {
      const d = Math.min(Math.abs(th), Math.abs(th - TWO_PI), Math.abs(th - Math.PI));
      expect(d).toBeLessThan(0.3);
    }
  });

  it('target row t equals the visual part of input row t+1 (raw, bitwise)', () => {
    for (let t = 0; t + 1 < n; t++) {
      expect(bitwiseEqual(sim.y.subarray(t * f, (t + 1) * f), sim.x.subarray((t + 1) * (f + 1), (t + 1) * (f + 1) + f))).toBe(true);
    }
  });

  it('action = θ_{t+1} − θ_t of headings in [0, 2π): 2π at step 0 since θ₀ < 0, ±π at turns', () => {
    for (let t = 0; t + 1 < n; t++) expect(sim.x[t * (f + 1) + f]).toBe(sim.theta[t + 1] - sim.theta[t]);
    expect(sim.theta[0]).toBeLessThan(0);
    expect(sim.theta[0]).toBeGreaterThanOrEqual(-0.01);
    expect(sim.x[f]).toBeCloseTo(TWO_PI, 12);
    for (let t = 0; t + 1 < n; t++) {
      const a = Math.abs(sim.x[t * (f + 1) + f]);
      // away from turns |Δθ| = 2π·|θ̇| is tiny (or 2π − tiny across 0); at a turn it is π minus the drift
      const near = [0, Math.PI, TWO_PI].some((c) => Math.abs(a - c) < 0.3);
      expect(near).toBe(true);
    }
  });

  it("'quarter' phases: looking up, the left-edge ray sees the clamped texture value obs[0]", () => {
    // ray θ − π/8 hits the left wall at y + 0.5/tan(π/8) ≈ y + 1.21; above y = 0.5 the phase passes 1
    let checked = 0;
    for (let t = 0; t < n; t++) {
      const th = sim.theta[t];
      const up = Math.min(Math.abs(th), Math.abs(th - TWO_PI)) < 0.05;
      if (up && sim.posY[t] > 0) {
        expect(sim.x[t * (f + 1)]).toBe(sim.texture.values[0]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    const arc = simulatePredictiveTrack({ wallPhase: 'arclength' }, seeded(0));
    const firstCol = Array.from({ length: n }, (_, t) => arc.x[t * (f + 1)]);
    expect(new Set(firstCol).size).toBeGreaterThan(n / 2);
  });

  it("'wrapped' actions lie in [−π, π) and are tiny away from turn-arounds", () => {
    const w = simulatePredictiveTrack({ action: 'wrapped' }, seeded(0));
    expect(bitwiseEqual(w.posY, sim.posY)).toBe(true);
    expect(Math.abs(w.x[f])).toBeLessThan(1e-9);
    for (let t = 0; t < n; t++) {
      const a = w.x[t * (f + 1) + f];
      expect(a).toBeGreaterThanOrEqual(-Math.PI);
      expect(a).toBeLessThan(Math.PI);
    }
  });
});

describe('predictive-track data', () => {
  it('has the Fig. 2 shapes, position = agent y, state {x, heading, speed}, directional', () => {
    const sim = simulatePredictiveTrack({}, seeded(5));
    const d = predictiveTrackData(sim, 'unit');
    expect(d).toMatchObject({ id: 'predictive-track', n: 150, inputDim: 18, outputDim: 17, directional: true });
    expect(d.x.length).toBe(150 * 18);
    expect(d.y.length).toBe(150 * 17);
    expect(bitwiseEqual(d.position, sim.posY)).toBe(true);
    expect(Object.keys(d.state).sort()).toEqual(['heading', 'speed', 'x']);
    expect(bitwiseEqual(d.state.heading, sim.theta)).toBe(true);
    // speeds V0 + N(0, 0.1)
    const mean = d.state.speed.reduce((s, v) => s + v, 0) / 150;
    expect(mean).toBeGreaterThan(0.17);
    expect(mean).toBeLessThan(0.23);
  });

  it("normalises like make_data: action column, visual block and y, then X and y again ('unit' default)", () => {
    const sim = simulatePredictiveTrack({}, seeded(6));
    const d = makePredictiveTrack({}, seeded(6));
    const f = 17;
    const action = Float64Array.from({ length: 150 }, (_, t) => sim.x[t * 18 + f]);
    const visual = Float64Array.from({ length: 150 * f }, (_, i) => sim.x[Math.floor(i / f) * 18 + (i % f)]);
    const a = minMaxNorm(action, 'unit');
    const v = minMaxNorm(visual, 'unit');
    const x1 = new Float64Array(150 * 18);
    for (let t = 0; t < 150; t++) {
      for (let j = 0; j < f; j++) x1[t * 18 + j] = v[t * f + j];
      x1[t * 18 + f] = a[t];
    }
    expect(Array.from(d.x)).toEqual(Array.from(minMaxNorm(x1, 'unit')));
    expect(Array.from(d.y)).toEqual(Array.from(minMaxNorm(minMaxNorm(Float64Array.from(sim.y), 'unit'), 'unit')));
    const [lo, hi] = range(d.x);
    expect(lo).toBeGreaterThan(-2e-5);
    expect(hi).toBeLessThan(1);
    expect(hi).toBeGreaterThan(0.9999);
    // the action column sits at ≈ 0.5 except where θ wraps or turns
    const acts = Array.from({ length: 150 }, (_, t) => d.x[t * 18 + f]).sort((p, q) => p - q);
    expect(acts[75]).toBeCloseTo(0.5, 2);
  });

  it("'symmetric' normalisation gives about [−1, 1)", () => {
    const d = makePredictiveTrack({ normalization: 'symmetric' }, seeded(6));
    const [lo, hi] = range(d.y);
    expect(lo).toBeCloseTo(-1, 4);
    expect(hi).toBeCloseTo(1, 4);
    expect(hi).toBeLessThan(1);
  });

  it('other geometries: x moves when bufferFracX < 0.5 and stays inside the limits', () => {
    const s = simulatePredictiveTrack({ sizeX: 4, sizeY: 8, bufferFracX: 0.25, nSamples: 300 }, seeded(2));
    const [lo, hi] = range(s.posX);
    expect(lo).toBeGreaterThanOrEqual(-1);
    expect(hi).toBeLessThanOrEqual(1);
    expect(hi - lo).toBeGreaterThan(0);
    const [ylo, yhi] = range(s.posY);
    expect(ylo).toBeGreaterThanOrEqual(-3.2);
    expect(yhi).toBeLessThanOrEqual(3.2);
  });

  it('rejects bad options', () => {
    expect(() => makePredictiveTrack({ fovTiles: 0 }, seeded(1))).toThrow(/fovTiles/);
    expect(() => makePredictiveTrack({ bufferFracY: 0.5 }, seeded(1))).toThrow(/bufferFracY/);
    expect(() => makePredictiveTrack({ sizeZ: 1 } as never, seeded(1))).toThrow(/unknown option "sizeZ"/);
  });
});

describe('predictive-track plugin', () => {
  it('is bitwise deterministic for a seed and differs for another', () => {
    const a = predictiveTrackTask.create(PREDICTIVE_TRACK_DEFAULTS, contextFor(11));
    const b = predictiveTrackTask.create(PREDICTIVE_TRACK_DEFAULTS, contextFor(11));
    expect(bitwiseEqual(a.x, b.x) && bitwiseEqual(a.y, b.y) && bitwiseEqual(a.position, b.position)).toBe(true);
    const c = predictiveTrackTask.create(PREDICTIVE_TRACK_DEFAULTS, contextFor(12));
    expect(bitwiseEqual(a.x, c.x)).toBe(false);
    const r1 = predictiveTrackTask.create(PREDICTIVE_TRACK_DEFAULTS, contextFor(11, 1));
    expect(bitwiseEqual(a.x, r1.x)).toBe(false);
  });

  it('draws texture noise first, then θ₀, then two normals per step', () => {
    const r = recording(1);
    simulatePredictiveTrack({ nSamples: 20 }, r);
    const kinds = r.draws.map(([k]) => k).join('');
    expect(kinds).toBe('n'.repeat(510) + 'u' + 'nn'.repeat(20));
  });
});
