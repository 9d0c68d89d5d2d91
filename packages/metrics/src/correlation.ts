// Drift measures between snapshots (paper §4.3): rate-map correlations of place units, population-vector
// correlations, and their average as a function of the time lag.

import { gaussianSmoothMaps } from './smoothing';

/** One snapshot's rate maps (unsmoothed, units × bins, as rateMaps returns) and which units are place units. */
export interface MapSnapshot {
  maps: Float64Array;
  /** placeMask[u] = 1 for place units; its length is the number of units. */
  placeMask: Uint8Array;
  /** Units used by the population-vector correlation; default: units with some map entry > 0. */
  activeMask?: Uint8Array;
}

export interface CorrelationOptions {
  /** Gaussian smoothing σ in bins applied to every map first (default 0.06 · nBins, the paper's 6 of 100). */
  smoothSigma?: number;
}

export interface LagProfile {
  /** Distinct positive lags |times[j] − times[i]|, ascending. */
  lag: number[];
  /** Mean over the pairs at that lag (NaN entries skipped). */
  mean: number[];
  /** Standard error of that mean: sample std (ddof 1) / √n; NaN when n < 2. */
  sem: number[];
  /** Number of pairs with a defined value. */
  n: number[];
}

/**
 * scipy.stats.pearsonr of a[aOff .. aOff+n) and b[bOff .. bOff+n): NaN when either is constant, clipped to
 * [−1, 1]. Entries are read with a stride (1 for rows, nBins for a bin's column of units).
 */
export function pearson(
  a: Float64Array,
  aOff: number,
  b: Float64Array,
  bOff: number,
  n: number,
  stride = 1,
  use?: Uint8Array,
): number {
  let ma = 0;
  let mb = 0;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (use && !use[i]) continue;
    ma += a[aOff + i * stride];
    mb += b[bOff + i * stride];
    m++;
  }
  if (m < 2) return NaN;
  ma /= m;
  mb /= m;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    if (use && !use[i]) continue;
    const da = a[aOff + i * stride] - ma;
    const db = b[bOff + i * stride] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  const r = sab / Math.sqrt(saa * sbb);
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

function shapeOf(snapshots: readonly MapSnapshot[]): { nUnits: number; nBins: number } {
  if (snapshots.length === 0) return { nUnits: 0, nBins: 0 };
  const nUnits = snapshots[0].placeMask.length;
  const nBins = nUnits === 0 ? 0 : snapshots[0].maps.length / nUnits;
  for (const s of snapshots) {
    if (s.placeMask.length !== nUnits || s.maps.length !== nUnits * nBins || !Number.isInteger(nBins)) {
      throw new Error('correlation: every snapshot needs the same units × bins maps and a placeMask per unit');
    }
  }
  return { nUnits, nBins };
}

function smoothAll(snapshots: readonly MapSnapshot[], nUnits: number, nBins: number, sigma: number): Float64Array[] {
  return snapshots.map((s) => gaussianSmoothMaps(s.maps, nUnits, nBins, sigma));
}

function emptyMatrix(T: number): number[][] {
  return Array.from({ length: T }, (_, i) => Array.from({ length: T }, (_, j) => (i === j ? 1 : 0)));
}

/**
 * Fig. 2E: matrix[t1][t2] = nanmean over units that are place units at both t1 and t2 of the Pearson r between
 * the unit's smoothed maps at t1 and t2 (NaN when no such unit has a defined r). Symmetric, diagonal 1.
 */
export function rateMapCorrelationMatrix(snapshots: readonly MapSnapshot[], options: CorrelationOptions = {}): number[][] {
  const { nUnits, nBins } = shapeOf(snapshots);
  const smoothed = smoothAll(snapshots, nUnits, nBins, options.smoothSigma ?? 0.06 * nBins);
  const T = snapshots.length;
  const matrix = emptyMatrix(T);
  for (let i = 0; i < T; i++) {
    for (let j = i + 1; j < T; j++) {
      let sum = 0;
      let n = 0;
      for (let u = 0; u < nUnits; u++) {
        if (!snapshots[i].placeMask[u] || !snapshots[j].placeMask[u]) continue;
        const r = pearson(smoothed[i], u * nBins, smoothed[j], u * nBins, nBins);
        if (!Number.isNaN(r)) {
          sum += r;
          n++;
        }
      }
      matrix[i][j] = matrix[j][i] = n === 0 ? NaN : sum / n;
    }
  }
  return matrix;
}

/**
 * Population-vector correlation: for every bin, the Pearson r between the vectors of unit rates at that bin
 * in A and in B (over the units in unitMask, all when absent); the mean over bins where r is defined
 * (NaN when none is).
 */
export function populationVectorCorrelation(
  mapsA: Float64Array,
  mapsB: Float64Array,
  nUnits: number,
  nBins: number,
  unitMask?: Uint8Array,
): number {
  let sum = 0;
  let n = 0;
  for (let b = 0; b < nBins; b++) {
    const r = pearson(mapsA, b, mapsB, b, nUnits, nBins, unitMask);
    if (!Number.isNaN(r)) {
      sum += r;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}

function activeFromMaps(maps: Float64Array, nUnits: number, nBins: number): Uint8Array {
  const mask = new Uint8Array(nUnits);
  for (let u = 0; u < nUnits; u++) {
    for (let b = 0; b < nBins; b++) {
      if (maps[u * nBins + b] > 0) {
        mask[u] = 1;
        break;
      }
    }
  }
  return mask;
}

/**
 * matrix[t1][t2] = populationVectorCorrelation of the smoothed maps at t1 and t2 over the units active at
 * either time (activeMask, default: some raw map entry > 0). Symmetric, diagonal 1.
 */
export function populationVectorCorrelationMatrix(
  snapshots: readonly MapSnapshot[],
  options: CorrelationOptions = {},
): number[][] {
  const { nUnits, nBins } = shapeOf(snapshots);
  const smoothed = smoothAll(snapshots, nUnits, nBins, options.smoothSigma ?? 0.06 * nBins);
  const active = snapshots.map((s) => s.activeMask ?? activeFromMaps(s.maps, nUnits, nBins));
  const T = snapshots.length;
  const matrix = emptyMatrix(T);
  const either = new Uint8Array(nUnits);
  for (let i = 0; i < T; i++) {
    for (let j = i + 1; j < T; j++) {
      for (let u = 0; u < nUnits; u++) either[u] = active[i][u] | active[j][u];
      matrix[i][j] = matrix[j][i] = populationVectorCorrelation(smoothed[i], smoothed[j], nUnits, nBins, either);
    }
  }
  return matrix;
}

/**
 * Averages matrix[i][j] (i < j) over all pairs with the same lag |times[j] − times[i]| (lags equal within
 * 1e-9 of the largest lag are merged). NaN entries are skipped; the diagonal (lag 0) is left out.
 */
export function correlationVsLag(matrix: readonly (readonly number[])[], times: readonly number[]): LagProfile {
  const T = times.length;
  if (matrix.length !== T) throw new Error(`correlationVsLag: matrix has ${matrix.length} rows for ${T} times`);
  const pairs: { lag: number; value: number }[] = [];
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) pairs.push({ lag: Math.abs(times[j] - times[i]), value: matrix[i][j] });
  pairs.sort((a, b) => a.lag - b.lag);
  const maxLag = pairs.length ? pairs[pairs.length - 1].lag : 0;
  const tol = 1e-9 * maxLag;
  const out: LagProfile = { lag: [], mean: [], sem: [], n: [] };
  let k = 0;
  while (k < pairs.length) {
    const lag = pairs[k].lag;
    const values: number[] = [];
    while (k < pairs.length && pairs[k].lag - lag <= tol) {
      if (!Number.isNaN(pairs[k].value)) values.push(pairs[k].value);
      k++;
    }
    if (lag === 0) continue;
    const n = values.length;
    const mean = n === 0 ? NaN : values.reduce((s, v) => s + v, 0) / n;
    let ss = 0;
    for (const v of values) ss += (v - mean) * (v - mean);
    out.lag.push(lag);
    out.mean.push(mean);
    out.sem.push(n < 2 ? NaN : Math.sqrt(ss / (n - 1)) / Math.sqrt(n));
    out.n.push(n);
  }
  return out;
}
