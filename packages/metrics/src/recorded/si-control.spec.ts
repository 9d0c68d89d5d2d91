import { RandomStream } from '@driftlab/core';
import { skaggsSI } from '../spatial-information';
import { recordingOf } from '../__fixtures__/recordings';
import type { Recording } from '../recording';
import { stateEventTable, stateRateMaps } from './state-maps';
import { bitsPerSecond, maskedMean, meanRates, sampleWithoutReplacement, shufflePlaceMask, shuffleSI, siFromCounts, subsampledSI } from './si-control';

/**
 * nUnits units over nSamples samples of a walk back and forth over states 0..nStates−1 with random dwell times
 * (so no circular shift maps the path onto itself); unit u fires with probability rate(u, state).
 */
function synthetic(nUnits: number, nSamples: number, nStates: number, rate: (u: number, s: number) => number, seed: number): Recording {
  const rng = RandomStream.derive(seed, 'synthetic-events');
  const walk = RandomStream.derive(seed, 'synthetic-walk');
  const position = new Float64Array(nSamples);
  let s = 0;
  let dir = 1;
  for (let t = 0; t < nSamples; t++) {
    position[t] = s;
    if (walk.uniform(0, t) < 0.35) {
      if (s + dir < 0 || s + dir >= nStates) dir = -dir;
      s += dir;
    }
  }
  const activity = new Float64Array(nUnits * nSamples);
  for (let u = 0; u < nUnits; u++) for (let t = 0; t < nSamples; t++) activity[u * nSamples + t] = rng.uniform(u, t) < rate(u, position[t]) ? 1 : 0;
  return { activity, nUnits, nSamples, position, directional: false, time: 0 };
}

describe('siFromCounts', () => {
  it('equals the shared skaggsSI on the rate maps (integer and fractional activity)', () => {
    const rng = RandomStream.derive(3, 'counts');
    const nU = 6;
    const nS = 7;
    const counts = new Float64Array(nU * nS);
    const occ = Float64Array.from([5, 3, 0, 9, 1, 4, 6]);
    for (let i = 0; i < counts.length; i++) {
      const s = i % nS;
      const r = rng.uniform(0, i);
      counts[i] = occ[s] === 0 || r < 0.4 ? 0 : i < 20 ? Math.floor(r * 6) : r * 3.7;
    }
    counts.fill(0, 5 * nS); // a silent unit → NaN in both
    const maps = counts.map((c, i) => (occ[i % nS] > 0 ? c / occ[i % nS] : 0));
    const a = siFromCounts(counts, occ, nU, nS);
    const b = skaggsSI(maps, occ, nU, nS);
    for (let u = 0; u < nU; u++) {
      if (Number.isNaN(b[u])) expect(a[u]).toBeNaN();
      else expect(a[u]).toBeCloseTo(b[u], 12);
    }
    expect(a[5]).toBeNaN();
  });
});

describe('bitsPerSecond / meanRates', () => {
  it('hand example: active in both frames of state 0 of 2 equally visited states → 1 bit/event, 10 bits/s at 20 Hz', () => {
    const rec = recordingOf([[1, 1, 0, 0]], [0, 0, 1, 1]);
    const m = stateRateMaps(rec, 2);
    const si = skaggsSI(m.maps, m.occupancy, 1, 2);
    expect(si[0]).toBeCloseTo(1, 14);
    const r = meanRates(m.maps, m.occupancy, 1, 2);
    expect(r[0]).toBeCloseTo(0.5, 14);
    expect(bitsPerSecond(si, r, 0.05)[0]).toBeCloseTo(10, 12);
  });

  it('maskedMean skips NaN and masked entries', () => {
    expect(maskedMean(Float64Array.from([1, NaN, 3, 10]), Uint8Array.from([1, 1, 1, 0]))).toBe(2);
    expect(maskedMean(Float64Array.from([NaN]))).toBeNaN();
  });
});

describe('sampleWithoutReplacement', () => {
  it('draws k distinct indices in range, the same for the same (stream, block)', () => {
    const s = RandomStream.derive(1, 'x');
    const a = sampleWithoutReplacement(50, 20, s, 4);
    expect(new Set(a).size).toBe(20);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(50);
    expect(Array.from(sampleWithoutReplacement(50, 20, s, 4))).toEqual(Array.from(a));
    expect(Array.from(sampleWithoutReplacement(50, 20, s, 5))).not.toEqual(Array.from(a));
  });
});

describe('subsampledSI', () => {
  it('uses the whole table once when frames ≥ samples (= naive mean SI of active units)', () => {
    const rec = synthetic(20, 600, 10, (u, s) => (s === u % 10 ? 0.3 : 0.02), 1);
    const table = stateEventTable(rec, 10);
    const r = subsampledSI(table, { frames: 10000, repeats: 5, stream: RandomStream.derive(1, 's') });
    expect(r.repeats).toBe(1);
    expect(r.frames).toBe(600);
    const m = stateRateMaps(rec, 10);
    expect(r.meanSI).toBeCloseTo(maskedMean(skaggsSI(m.maps, m.occupancy, 20, 10)), 12);
  });

  it('controls the sample-size bias of naive SI: untuned units look more informative in a short session, not after equal subsampling', () => {
    const flat = () => 0.02; // no spatial tuning: true SI = 0
    const short = stateEventTable(synthetic(60, 800, 20, flat, 2), 20);
    const long = stateEventTable(synthetic(60, 8000, 20, flat, 3), 20);
    const naive = (t: typeof short) => subsampledSI(t, { frames: t.nSamples, repeats: 1, stream: RandomStream.derive(0, 'n') }).meanSI;
    expect(naive(short)).toBeGreaterThan(2 * naive(long)); // the bias shrinks with data
    const eq = (t: typeof short, seed: number) => subsampledSI(t, { frames: 800, repeats: 30, stream: RandomStream.derive(seed, 'e') }).meanSI;
    const a = eq(short, 4);
    const b = eq(long, 5);
    expect(Math.abs(a - b) / a).toBeLessThan(0.15);
  });

  it('reports bits/s as SI · events / (frames · Δt)', () => {
    const rec = recordingOf([[1, 1, 0, 0]], [0, 0, 1, 1]);
    const r = subsampledSI(stateEventTable(rec, 2), { frames: 4, repeats: 1, stream: RandomStream.derive(0, 'z'), sampleDt: 0.05 });
    expect(r.meanSI).toBeCloseTo(1, 14);
    expect(r.meanSIPerSecond).toBeCloseTo(10, 12);
  });
});

describe('shuffleSI', () => {
  const nStates = 20;
  // units 0..9 sharply tuned, 10..39 untuned
  const rec = synthetic(40, 6000, nStates, (u, s) => (u < 10 ? (s === 2 * u ? 0.5 : 0.005) : 0.03), 7);
  const table = stateEventTable(rec, nStates);
  const res = shuffleSI(table, { nShuffles: 200, stream: RandomStream.derive(7, 'shuffle'), minShift: 100 });

  it('gives tuned units the smallest possible p and flags them as place cells', () => {
    for (let u = 0; u < 10; u++) expect(res.pValue[u]).toBeCloseTo(1 / 201, 12);
    const place = shufflePlaceMask(res, 0.05);
    for (let u = 0; u < 10; u++) expect(place[u]).toBe(1);
    let falsePositives = 0;
    for (let u = 10; u < 40; u++) falsePositives += place[u];
    expect(falsePositives).toBeLessThanOrEqual(5); // ~5% of 30 expected
  });

  it('removes the bias: corrected SI of untuned units averages ~0 while their naive SI does not', () => {
    const untuned = Uint8Array.from({ length: 40 }, (_, u) => (u >= 10 ? 1 : 0));
    const naive = maskedMean(res.si, untuned);
    const corrected = maskedMean(res.corrected, untuned);
    expect(naive).toBeGreaterThan(0.02);
    expect(Math.abs(corrected)).toBeLessThan(0.2 * naive);
    for (let u = 0; u < 10; u++) expect(res.corrected[u]).toBeGreaterThan(1);
  });

  it('agrees with skaggsSI for the observed SI and is reproducible', () => {
    const m = stateRateMaps(rec, nStates);
    const si = skaggsSI(m.maps, m.occupancy, 40, nStates);
    for (let u = 0; u < 40; u++) expect(res.si[u]).toBeCloseTo(si[u], 12);
    const again = shuffleSI(table, { nShuffles: 200, stream: RandomStream.derive(7, 'shuffle'), minShift: 100 });
    expect(Array.from(again.pValue)).toEqual(Array.from(res.pValue));
  });
});
