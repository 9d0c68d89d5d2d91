// Skaggs spatial information and place units (paper §4.2, reference `calc_rate_map`).

/**
 * SI[u] = Σ_i p_i (r_i / r̄) log2(r_i / r̄) in bits (per unit of activity), on unsmoothed maps:
 * p_i = occupancy_i / Σ occupancy, r_i = maps[u * nBins + i], r̄ = Σ p_i r_i. Terms that are NaN
 * (empty bins, r_i = 0) are dropped, as numpy.nansum does. A unit with r̄ = 0 (never active) gets NaN;
 * the reference code's nansum turns that into 0, which makes no difference to place units (NaN and 0 both
 * fail SI > threshold) or to the mean SI of place units.
 */
export function skaggsSI(maps: Float64Array, occupancy: Float64Array, nUnits: number, nBins: number): Float64Array {
  let total = 0;
  for (let i = 0; i < nBins; i++) if (!Number.isNaN(occupancy[i])) total += occupancy[i];
  const p = new Float64Array(nBins);
  for (let i = 0; i < nBins; i++) p[i] = occupancy[i] / total;

  const si = new Float64Array(nUnits);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nBins;
    let mean = 0;
    for (let i = 0; i < nBins; i++) {
      const term = p[i] * maps[row + i];
      if (!Number.isNaN(term)) mean += term;
    }
    if (mean === 0 || Number.isNaN(mean)) {
      si[u] = NaN;
      continue;
    }
    let info = 0;
    for (let i = 0; i < nBins; i++) {
      const ratio = maps[row + i] / mean;
      const term = p[i] * ratio * Math.log2(ratio);
      if (!Number.isNaN(term)) info += term;
    }
    si[u] = info;
  }
  return si;
}

/** Place units: SI > threshold (reference: `infos > 0.01`; NaN is never a place unit). */
export function placeUnitMask(si: Float64Array, threshold = 0.01): Uint8Array {
  const mask = new Uint8Array(si.length);
  for (let u = 0; u < si.length; u++) mask[u] = si[u] > threshold ? 1 : 0;
  return mask;
}

/** Mean SI over the units in mask (paper Fig. 2C "mean SI"); NaN when the mask is empty. */
export function meanPlaceSI(si: Float64Array, mask: Uint8Array): number {
  let sum = 0;
  let n = 0;
  for (let u = 0; u < si.length; u++) {
    if (mask[u]) {
      sum += si[u];
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}
