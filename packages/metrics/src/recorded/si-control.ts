// Sample-size control for Skaggs SI. Naive SI is biased upward, more so with fewer samples (or events), and
// running-frame counts vary ~3× between recorded sessions. Two remedies, both on a StateEventTable:
//  - equal-frames subsampling: every session is subsampled to the same number of samples, repeatedly;
//  - shuffle reduction (Sheintuch et al. 2022, "SR"): SI minus the mean SI of circularly shifted activity,
//    which estimates the bias; the same shuffles give the place-cell test.
import type { RandomStream } from '@driftlab/core';
import type { StateEventTable } from './state-maps';

/** r̄[u] = Σ p_i r_i: mean activity per sample of each unit (0 when the occupancy is empty). */
export function meanRates(maps: Float64Array, occupancy: Float64Array, nUnits: number, nBins: number): Float64Array {
  let total = 0;
  for (let i = 0; i < nBins; i++) total += occupancy[i];
  const out = new Float64Array(nUnits);
  if (total === 0) return out;
  for (let u = 0; u < nUnits; u++) {
    let m = 0;
    for (let i = 0; i < nBins; i++) m += (occupancy[i] / total) * maps[u * nBins + i];
    out[u] = m;
  }
  return out;
}

/** SI in bits per second from bits per event (activity unit): SI · r̄ / Δt. */
export function bitsPerSecond(siPerEvent: Float64Array, meanRate: Float64Array, sampleDt: number): Float64Array {
  const out = new Float64Array(siPerEvent.length);
  for (let u = 0; u < out.length; u++) out[u] = (siPerEvent[u] * meanRate[u]) / sampleDt;
  return out;
}

const LOG2_TABLE_SIZE = 4096;
const LOG2_INT = Float64Array.from({ length: LOG2_TABLE_SIZE }, (_, k) => (k === 0 ? 0 : Math.log2(k)));

function log2Fast(x: number): number {
  return x < LOG2_TABLE_SIZE && (x | 0) === x ? LOG2_INT[x] : Math.log2(x);
}

/**
 * Skaggs SI from summed activity per state (counts) and occupancy, in the algebraically identical form
 * SI = (1/C) Σ_i c_i (log2 c_i − log2 o_i) + log2(O/C), with C = Σ c_i and O = Σ o_i: only states with
 * activity contribute and integer counts need no logarithm call, which makes thousands of shuffles cheap.
 * Equals skaggsSI(counts / occupancy, occupancy) (tested); NaN for units with C = 0.
 */
export function siFromCounts(counts: Float64Array, occupancy: Float64Array, nUnits: number, nStates: number): Float64Array {
  let O = 0;
  const logOcc = new Float64Array(nStates);
  for (let i = 0; i < nStates; i++) {
    O += occupancy[i];
    logOcc[i] = occupancy[i] > 0 ? log2Fast(occupancy[i]) : 0;
  }
  const si = new Float64Array(nUnits);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nStates;
    let C = 0;
    let acc = 0;
    for (let i = 0; i < nStates; i++) {
      const c = counts[row + i];
      if (c > 0) {
        C += c;
        acc += c * (log2Fast(c) - logOcc[i]);
      }
    }
    si[u] = C > 0 ? acc / C + Math.log2(O / C) : NaN;
  }
  return si;
}

/** Summed activity per (unit, state) and occupancy over the listed usable samples (repeats allowed). */
export function tableCounts(table: StateEventTable, samples: ArrayLike<number>): { counts: Float64Array; occupancy: Float64Array } {
  const { nUnits, nStates, state, offset, unit, value } = table;
  const counts = new Float64Array(nUnits * nStates);
  const occupancy = new Float64Array(nStates);
  for (let k = 0; k < samples.length; k++) {
    const t = samples[k];
    const s = state[t];
    occupancy[s]++;
    for (let e = offset[t]; e < offset[t + 1]; e++) counts[unit[e] * nStates + s] += value[e];
  }
  return { counts, occupancy };
}

/** Mean of the finite entries where mask is set (all when absent); NaN when there are none. */
export function maskedMean(values: Float64Array, mask?: Uint8Array): number {
  let s = 0;
  let n = 0;
  for (let u = 0; u < values.length; u++) {
    if ((mask && !mask[u]) || !Number.isFinite(values[u])) continue;
    s += values[u];
    n++;
  }
  return n === 0 ? NaN : s / n;
}

export interface SubsampleOptions {
  /** Samples per subsample; at or above the table's sample count the whole table is used once. */
  frames: number;
  /** Number of random subsamples (without replacement within each). */
  repeats: number;
  /** Draws: block = repeat, index = position in the partial Fisher–Yates shuffle. */
  stream: RandomStream;
  /** Seconds per sample, for bits/s (optional). */
  sampleDt?: number;
}

export interface SubsampledSI {
  /** Samples actually used per subsample. */
  frames: number;
  repeats: number;
  /** Per repeat: mean SI (bits/event) over the units active in that subsample. */
  repeatMeanSI: number[];
  /** Per repeat: the same in bits/s (NaN without sampleDt). */
  repeatMeanSIPerSecond: number[];
  /** Mean over repeats of repeatMeanSI / repeatMeanSIPerSecond. */
  meanSI: number;
  meanSIPerSecond: number;
  /** Per unit: mean SI over the repeats in which it was active (NaN if never). */
  unitSI: Float64Array;
}

/** k distinct indices of [0, n) by partial Fisher–Yates with counter-based draws (block = repeat). */
export function sampleWithoutReplacement(n: number, k: number, stream: RandomStream, block: number, scratch?: Int32Array): Int32Array {
  const idx = scratch && scratch.length >= n ? scratch : new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(stream.uniform(block, i) * (n - i));
    const tmp = idx[i];
    idx[i] = idx[j];
    idx[j] = tmp;
  }
  return idx.slice(0, k);
}

export function subsampledSI(table: StateEventTable, o: SubsampleOptions): SubsampledSI {
  const n = table.nSamples;
  const whole = o.frames >= n;
  const frames = whole ? n : o.frames;
  const repeats = whole ? 1 : o.repeats;
  const { nUnits, nStates } = table;
  const unitSum = new Float64Array(nUnits);
  const unitN = new Float64Array(nUnits);
  const repeatMeanSI: number[] = [];
  const repeatMeanSIPerSecond: number[] = [];
  const scratch = new Int32Array(n);
  for (let r = 0; r < repeats; r++) {
    const samples = whole ? scratch.map((_, i) => i) : sampleWithoutReplacement(n, frames, o.stream, r, scratch);
    const { counts, occupancy } = tableCounts(table, samples);
    const si = siFromCounts(counts, occupancy, nUnits, nStates);
    repeatMeanSI.push(maskedMean(si));
    if (o.sampleDt !== undefined) {
      // r̄ = Σ c / Σ o per sample, so bits/s = SI · C / (frames · Δt)
      const perSecond = new Float64Array(nUnits);
      for (let u = 0; u < nUnits; u++) {
        let C = 0;
        for (let i = 0; i < nStates; i++) C += counts[u * nStates + i];
        perSecond[u] = (si[u] * C) / (frames * o.sampleDt);
      }
      repeatMeanSIPerSecond.push(maskedMean(perSecond));
    } else repeatMeanSIPerSecond.push(NaN);
    for (let u = 0; u < nUnits; u++) {
      if (Number.isFinite(si[u])) {
        unitSum[u] += si[u];
        unitN[u]++;
      }
    }
  }
  const unitSI = new Float64Array(nUnits);
  for (let u = 0; u < nUnits; u++) unitSI[u] = unitN[u] > 0 ? unitSum[u] / unitN[u] : NaN;
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
  return { frames, repeats, repeatMeanSI, repeatMeanSIPerSecond, meanSI: mean(repeatMeanSI), meanSIPerSecond: mean(repeatMeanSIPerSecond), unitSI };
}

export interface ShuffleOptions {
  nShuffles: number;
  /** Draws: block = shuffle, index = unit. */
  stream: RandomStream;
  /** Smallest circular shift in samples (the shift is uniform in [minShift, n − minShift]). */
  minShift?: number;
}

export interface ShuffleResult {
  /** Observed (naive) SI per unit, bits/event; NaN for units without activity. */
  si: Float64Array;
  /** Mean SI of the shuffles per unit (the bias estimate). */
  shuffleMean: Float64Array;
  /** Shuffle-reduced SI: si − shuffleMean. */
  corrected: Float64Array;
  /** (1 + #{shuffle SI ≥ observed}) / (1 + nShuffles); NaN for inactive units. */
  pValue: Float64Array;
  nShuffles: number;
}

/**
 * Each unit's activity is circularly shifted along the usable samples by its own random offset (which keeps
 * its temporal structure and the occupancy, and breaks the link to position); SI is recomputed per shuffle.
 */
export function shuffleSI(table: StateEventTable, o: ShuffleOptions): ShuffleResult {
  const { nUnits, nStates, nSamples: n, state, offset, unit, value } = table;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const observed = tableCounts(table, all);
  const si = siFromCounts(observed.counts, observed.occupancy, nUnits, nStates);
  const occupancy = observed.occupancy;
  const sum = new Float64Array(nUnits);
  const atLeast = new Float64Array(nUnits);
  const minShift = Math.min(o.minShift ?? 0, Math.floor(n / 2));
  const span = n - 2 * minShift + 1;
  const shift = new Int32Array(nUnits);
  const counts = new Float64Array(nUnits * nStates);
  for (let k = 0; k < o.nShuffles; k++) {
    for (let u = 0; u < nUnits; u++) shift[u] = minShift + Math.floor(o.stream.uniform(k, u) * span);
    counts.fill(0);
    for (let t = 0; t < n; t++) {
      for (let e = offset[t]; e < offset[t + 1]; e++) {
        const u = unit[e];
        let t2 = t + shift[u];
        if (t2 >= n) t2 -= n;
        counts[u * nStates + state[t2]] += value[e];
      }
    }
    const s = siFromCounts(counts, occupancy, nUnits, nStates);
    for (let u = 0; u < nUnits; u++) {
      sum[u] += s[u];
      if (s[u] >= si[u]) atLeast[u]++;
    }
  }
  const shuffleMean = new Float64Array(nUnits);
  const corrected = new Float64Array(nUnits);
  const pValue = new Float64Array(nUnits);
  for (let u = 0; u < nUnits; u++) {
    const active = Number.isFinite(si[u]);
    shuffleMean[u] = active ? sum[u] / o.nShuffles : NaN;
    corrected[u] = si[u] - shuffleMean[u];
    pValue[u] = active ? (1 + atLeast[u]) / (1 + o.nShuffles) : NaN;
  }
  return { si, shuffleMean, corrected, pValue, nShuffles: o.nShuffles };
}

/** Place cells by the shuffle test: active units with pValue < alpha. */
export function shufflePlaceMask(result: ShuffleResult, alpha = 0.05): Uint8Array {
  const mask = new Uint8Array(result.pValue.length);
  for (let u = 0; u < mask.length; u++) mask[u] = result.pValue[u] < alpha ? 1 : 0;
  return mask;
}
