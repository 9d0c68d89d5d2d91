// Rate maps over discrete states (e.g. direction-separated track bins): the recorded-data counterpart of
// rateMaps, whose equal-width bins over [min, max] would shift when an end state is never visited.
// The maps feed the shared skaggsSI / correlation functions unchanged.

import type { Recording } from '../recording';
import type { RateMaps } from '../rate-maps';
import { isIncluded } from '../activity';

/**
 * maps[u·nStates + s] = mean activity of unit u over included samples whose position is state s
 * (an integer in [0, nStates)); other samples are ignored. Empty states get 0, like rateMaps.
 * edges are the half-integer boundaries −0.5 … nStates − 0.5.
 */
export function stateRateMaps(rec: Recording, nStates: number): RateMaps {
  const { nUnits, nSamples, activity, position } = rec;
  const state = new Int32Array(nSamples);
  const occupancy = new Float64Array(nStates);
  for (let t = 0; t < nSamples; t++) {
    const s = position[t];
    const ok = isIncluded(rec, t) && Number.isInteger(s) && s >= 0 && s < nStates;
    state[t] = ok ? s : -1;
    if (ok) occupancy[s]++;
  }
  const maps = new Float64Array(nUnits * nStates);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nSamples;
    const out = u * nStates;
    for (let t = 0; t < nSamples; t++) if (state[t] >= 0) maps[out + state[t]] += activity[row + t];
    for (let s = 0; s < nStates; s++) maps[out + s] = occupancy[s] > 0 ? maps[out + s] / occupancy[s] : 0;
  }
  const edges = new Float64Array(nStates + 1);
  for (let i = 0; i <= nStates; i++) edges[i] = i - 0.5;
  return { maps, occupancy, nUnits, nBins: nStates, edges };
}

/**
 * Sparse view of a state-binned recording for fast resampling: samples with a valid state, and for each of
 * them the units with activity > 0 (compressed rows). Built once per session; subsampling and shuffles then
 * cost O(events) instead of O(units × samples).
 */
export interface StateEventTable {
  nUnits: number;
  nStates: number;
  /** Number of usable samples (included, valid state). */
  nSamples: number;
  /** State of each usable sample. */
  state: Int32Array;
  /** Units active at usable sample t: unit[offset[t] .. offset[t+1]). */
  offset: Int32Array;
  unit: Int32Array;
  /** Activity value of each entry. */
  value: Float64Array;
}

export function stateEventTable(rec: Recording, nStates: number): StateEventTable {
  const { nUnits, nSamples, activity, position } = rec;
  const keep: number[] = [];
  for (let t = 0; t < nSamples; t++) {
    const s = position[t];
    if (isIncluded(rec, t) && Number.isInteger(s) && s >= 0 && s < nStates) keep.push(t);
  }
  const n = keep.length;
  const counts = new Int32Array(n + 1);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nSamples;
    for (let i = 0; i < n; i++) if (activity[row + keep[i]] > 0) counts[i + 1]++;
  }
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i] + counts[i + 1];
  const unit = new Int32Array(offset[n]);
  const value = new Float64Array(offset[n]);
  const fill = offset.slice(0, n);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nSamples;
    for (let i = 0; i < n; i++) {
      const a = activity[row + keep[i]];
      if (a > 0) {
        unit[fill[i]] = u;
        value[fill[i]++] = a;
      }
    }
  }
  const state = new Int32Array(n);
  for (let i = 0; i < n; i++) state[i] = position[keep[i]];
  return { nUnits, nStates, nSamples: n, state, offset, unit, value };
}

/**
 * Rate maps (units × states) and occupancy from the usable samples listed in `samples` (indices into the
 * table; repeats allowed). Same result as stateRateMaps on those samples.
 */
export function tableRateMaps(table: StateEventTable, samples: ArrayLike<number>): { maps: Float64Array; occupancy: Float64Array } {
  const { nUnits, nStates, state, offset, unit, value } = table;
  const maps = new Float64Array(nUnits * nStates);
  const occupancy = new Float64Array(nStates);
  for (let k = 0; k < samples.length; k++) {
    const t = samples[k];
    const s = state[t];
    occupancy[s]++;
    for (let e = offset[t]; e < offset[t + 1]; e++) maps[unit[e] * nStates + s] += value[e];
  }
  normalizeByOccupancy(maps, occupancy, nUnits, nStates);
  return { maps, occupancy };
}

export function normalizeByOccupancy(maps: Float64Array, occupancy: Float64Array, nUnits: number, nStates: number): void {
  for (let u = 0; u < nUnits; u++) {
    const row = u * nStates;
    for (let s = 0; s < nStates; s++) maps[row + s] = occupancy[s] > 0 ? maps[row + s] / occupancy[s] : 0;
  }
}
