// The Fig. 2D rate-map grid (paper-notes §4.2): 4 snapshots at indices linspace(0.1T, T−1, 4); row r shows the
// place units of snapshot r sorted by the peak of their map at snapshot r, column c their maps at snapshot c.
// Maps are smoothed (σ = 0.06·nBins, scipy gaussian_filter) and normalised per unit by their max.
import { gaussianSmoothMaps, normalizeMapsByMax, placeUnitMask } from '@driftlab/metrics';

export interface GridSnapshot {
  step: number;
  /** [nUnits, nBins] row-major, unsmoothed (as stored). */
  maps: Float64Array;
  /** Skaggs SI per unit [nUnits]. */
  si: Float64Array;
}

export interface RateMapGridOptions {
  nUnits: number;
  nBins: number;
  /** Gaussian σ in bins for display (default 0.06 · nBins, the paper's 6 of 100). */
  sigmaBins?: number;
  /** Place unit: SI > threshold (default 0.01). */
  placeThreshold?: number;
}

export interface RateMapGridRow {
  /** Step of the snapshot whose place units and peaks order this row. */
  sortStep: number;
  /** Place units at that snapshot, ordered by peak bin (ties by unit index). */
  units: number[];
  /** Peak bin of each unit in `units` at the sorting snapshot. */
  peaks: number[];
}

export interface RateMapGrid {
  nUnits: number;
  nBins: number;
  sigmaBins: number;
  /** Steps of the columns (the same snapshots as the rows). */
  steps: number[];
  rows: RateMapGridRow[];
  /** Per column: smoothed, max-normalised maps [nUnits, nBins]. */
  display: Float64Array[];
}

/** Snapshot indices int(linspace(0.1·T, T−1, n)) (numpy truncation), duplicates dropped, in order. */
export function gridSnapshotIndices(T: number, n = 4): number[] {
  if (T <= 0) return [];
  const a = 0.1 * T;
  const b = T - 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = Math.trunc(n === 1 ? a : a + ((b - a) * i) / (n - 1));
    const idx = Math.min(T - 1, Math.max(0, v));
    if (!out.includes(idx)) out.push(idx);
  }
  return out;
}

/** First index of the maximum of each unit's row (numpy argmax). */
export function peakBins(maps: Float64Array, nUnits: number, nBins: number): Int32Array {
  const peaks = new Int32Array(nUnits);
  for (let u = 0; u < nUnits; u++) {
    let best = 0;
    for (let b = 1; b < nBins; b++) if (maps[u * nBins + b] > maps[u * nBins + best]) best = b;
    peaks[u] = best;
  }
  return peaks;
}

/** The units in mask ordered by peak bin, ties by unit index. */
export function sortUnitsByPeak(peaks: Int32Array, mask: Uint8Array): number[] {
  const units: number[] = [];
  for (let u = 0; u < mask.length; u++) if (mask[u]) units.push(u);
  return units.sort((a, b) => peaks[a] - peaks[b] || a - b);
}

export function rateMapGrid(snapshots: readonly GridSnapshot[], o: RateMapGridOptions): RateMapGrid {
  const { nUnits, nBins } = o;
  const sigmaBins = o.sigmaBins ?? 0.06 * nBins;
  for (const s of snapshots) {
    if (s.maps.length !== nUnits * nBins || s.si.length !== nUnits) throw new Error(`rateMapGrid: snapshot at step ${s.step} is not ${nUnits} units × ${nBins} bins`);
  }
  const display = snapshots.map((s) => normalizeMapsByMax(gaussianSmoothMaps(s.maps, nUnits, nBins, sigmaBins), nUnits, nBins));
  const rows = snapshots.map((s, i) => {
    const peaks = peakBins(display[i], nUnits, nBins);
    const units = sortUnitsByPeak(peaks, placeUnitMask(s.si, o.placeThreshold ?? 0.01));
    return { sortStep: s.step, units, peaks: units.map((u) => peaks[u]) };
  });
  return { nUnits, nBins, sigmaBins, steps: snapshots.map((s) => s.step), rows, display };
}

/** Cell (row r, column c): the maps of row r's units at column c's snapshot, [units.length, nBins]. */
export function gridCell(grid: RateMapGrid, r: number, c: number): Float64Array {
  const { units } = grid.rows[r];
  const { nBins } = grid;
  const out = new Float64Array(units.length * nBins);
  units.forEach((u, i) => out.set(grid.display[c].subarray(u * nBins, (u + 1) * nBins), i * nBins));
  return out;
}
