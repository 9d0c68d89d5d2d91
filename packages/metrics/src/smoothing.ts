// Display / correlation smoothing of rate maps (paper §4.2: gaussian_filter, σ = 0.06 · nBins bins).

/** scipy.ndimage's 1-D Gaussian kernel: radius int(truncate·σ + 0.5), normalised to sum 1. */
export function gaussianKernel1d(sigma: number, truncate = 4): Float64Array {
  const radius = Math.trunc(truncate * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp((-0.5 / (sigma * sigma)) * i * i);
    w[i + radius] = v;
    sum += v;
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** scipy 'reflect' boundary (d c b a | a b c d | d c b a): index i folded into [0, n). */
function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let j = i % period;
  if (j < 0) j += period;
  return j < n ? j : period - 1 - j;
}

/**
 * Each unit's map (row of nBins) filtered like scipy.ndimage.gaussian_filter(map, sigmaBins) with mode
 * 'reflect' and truncate 4. σ ≤ 1e-15 returns a copy (scipy skips the axis). Returns a new array.
 */
export function gaussianSmoothMaps(maps: Float64Array, nUnits: number, nBins: number, sigmaBins: number): Float64Array {
  const out = new Float64Array(nUnits * nBins);
  if (!(sigmaBins > 1e-15)) {
    out.set(maps.subarray(0, nUnits * nBins));
    return out;
  }
  const w = gaussianKernel1d(sigmaBins);
  const radius = (w.length - 1) / 2;
  for (let u = 0; u < nUnits; u++) {
    const row = u * nBins;
    for (let b = 0; b < nBins; b++) {
      let acc = 0;
      for (let k = -radius; k <= radius; k++) acc += w[k + radius] * maps[row + reflectIndex(b + k, nBins)];
      out[row + b] = acc;
    }
  }
  return out;
}

/**
 * Each unit's map divided by its maximum (reference `get_norm_rmaps`), NaN → 0; a unit whose maximum is 0
 * becomes all zeros (the reference would give −inf for negative entries there). Returns a new array.
 */
export function normalizeMapsByMax(maps: Float64Array, nUnits: number, nBins: number): Float64Array {
  const out = new Float64Array(nUnits * nBins);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nBins;
    let max = -Infinity;
    for (let b = 0; b < nBins; b++) if (maps[row + b] > max) max = maps[row + b];
    if (max === 0) continue;
    for (let b = 0; b < nBins; b++) {
      const v = maps[row + b] / max;
      out[row + b] = Number.isNaN(v) ? 0 : v;
    }
  }
  return out;
}
