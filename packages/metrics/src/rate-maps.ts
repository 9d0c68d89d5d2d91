// Rate maps with scipy.stats.binned_statistic semantics (paper §4.2): equal-width bins over [min, max] of the
// (signed) positions, the last bin closed, mean activity per bin, NaN / inf → 0.

import type { Recording } from './recording';
import { signedPositions } from './positions';

export interface RateMaps {
  /** maps[u * nBins + b]: mean activity of unit u in bin b (0 for empty bins or non-finite means). */
  maps: Float64Array;
  /** Number of included samples per bin. */
  occupancy: Float64Array;
  nUnits: number;
  nBins: number;
  /** nBins + 1 bin edges, as numpy.linspace(min, max, nBins + 1). */
  edges: Float64Array;
}

export interface RateMapOptions {
  /** Number of equal-width bins (paper: 100). */
  nBins?: number;
  /** Separate running directions with signedPositions (default rec.directional). */
  directional?: boolean;
}

/**
 * Bin edges as numpy.linspace(lo, hi, nBins + 1) over the finite values (hi ± 0.5 when all are equal, as scipy).
 */
export function binEdges(values: Float64Array, nBins: number, use?: (i: number) => boolean): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || (use && !use(i))) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) {
    lo = 0;
    hi = 1;
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const edges = new Float64Array(nBins + 1);
  const step = (hi - lo) / nBins;
  for (let i = 0; i < nBins; i++) edges[i] = i * step + lo;
  edges[nBins] = hi;
  return edges;
}

/**
 * Bin of value v: numpy.digitize(v, edges) − 1, with v = last edge moved into the last bin (scipy's
 * on-edge rule). −1 when v lies outside [edges[0], edges[nBins]] or is not finite.
 */
export function binIndex(edges: Float64Array, v: number): number {
  const nBins = edges.length - 1;
  if (!(v >= edges[0] && v <= edges[nBins])) return -1;
  if (v === edges[nBins]) return nBins - 1;
  // upper bound: first edge > v
  let lo = 0;
  let hi = nBins + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Rate maps of every unit of a recording over its included samples with finite positions. */
export function rateMaps(rec: Recording, options: RateMapOptions = {}): RateMaps {
  const nBins = options.nBins ?? 100;
  if (!Number.isInteger(nBins) || nBins < 1) throw new Error(`rateMaps: nBins must be a positive integer, got ${nBins}`);
  const directional = options.directional ?? rec.directional;
  const pos = directional ? signedPositions(rec) : rec.position;
  const { nUnits, nSamples, activity } = rec;
  const used = (t: number) => rec.include === undefined || rec.include[t] !== 0;
  const edges = binEdges(pos, nBins, used);

  const bins = new Int32Array(nSamples);
  const occupancy = new Float64Array(nBins);
  for (let t = 0; t < nSamples; t++) {
    const b = used(t) ? binIndex(edges, pos[t]) : -1;
    bins[t] = b;
    if (b >= 0) occupancy[b]++;
  }

  const maps = new Float64Array(nUnits * nBins);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nSamples;
    const out = u * nBins;
    for (let t = 0; t < nSamples; t++) if (bins[t] >= 0) maps[out + bins[t]] += activity[row + t];
    for (let b = 0; b < nBins; b++) {
      const mean = maps[out + b] / occupancy[b];
      maps[out + b] = Number.isFinite(mean) ? mean : 0;
    }
  }
  return { maps, occupancy, nUnits, nBins, edges };
}
