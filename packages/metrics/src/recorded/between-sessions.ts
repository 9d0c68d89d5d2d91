// Drift between recorded sessions: cells are matched through their registered ids, then the shared
// populationVectorCorrelation / pearson give PV and rate-map correlations, tabulated against Δdays.
import { pearson, populationVectorCorrelation } from '../correlation';

/**
 * Maps of one session re-indexed by registered id: out[g·nBins + b] = maps[u·nBins + b] for the local unit u
 * with unitIds[u] = g; registered cells not detected in the session (and their mask entry) stay 0.
 */
export function registeredMaps(
  maps: Float64Array,
  unitIds: Int32Array,
  nRegistered: number,
  nBins: number,
  activeMask?: Uint8Array,
): { maps: Float64Array; active: Uint8Array } {
  const out = new Float64Array(nRegistered * nBins);
  const active = new Uint8Array(nRegistered);
  for (let u = 0; u < unitIds.length; u++) {
    const g = unitIds[u];
    if (g < 0) continue;
    if (g >= nRegistered) throw new Error(`registeredMaps: unit ${u} has id ${g} ≥ nRegistered ${nRegistered}`);
    out.set(maps.subarray(u * nBins, (u + 1) * nBins), g * nBins);
    active[g] = activeMask ? activeMask[u] : 1;
  }
  return { maps: out, active };
}

export interface RegisteredSessionMaps {
  /** Registered-id × bins maps (registeredMaps). */
  maps: Float64Array;
  /** Registered cells active in this session. */
  active: Uint8Array;
  /** Session time label (day). */
  day: number;
}

/** PV correlation between two sessions over all registered cells (undetected cells count as 0, the Ziv recipe). */
export function sessionPVCorrelation(a: RegisteredSessionMaps, b: RegisteredSessionMaps, nBins: number): number {
  return populationVectorCorrelation(a.maps, b.maps, a.active.length, nBins);
}

/** Mean over cells active in both sessions of the Pearson r between their maps (NaN r skipped). */
export function sessionRateMapCorrelation(a: RegisteredSessionMaps, b: RegisteredSessionMaps, nBins: number): { mean: number; nCells: number } {
  let sum = 0;
  let n = 0;
  for (let g = 0; g < a.active.length; g++) {
    if (!a.active[g] || !b.active[g]) continue;
    const r = pearson(a.maps, g * nBins, b.maps, g * nBins, nBins);
    if (!Number.isNaN(r)) {
      sum += r;
      n++;
    }
  }
  return { mean: n === 0 ? NaN : sum / n, nCells: n };
}

export interface SessionPairCorrelation {
  i: number;
  j: number;
  deltaDays: number;
  pv: number;
  rateMap: number;
  /** Cells active in both sessions (rate-map correlation). */
  nCells: number;
}

/** Every session pair i < j with its Δdays, PV and rate-map correlation. */
export function sessionPairCorrelations(sessions: readonly RegisteredSessionMaps[], nBins: number): SessionPairCorrelation[] {
  const out: SessionPairCorrelation[] = [];
  for (let i = 0; i < sessions.length; i++) {
    for (let j = i + 1; j < sessions.length; j++) {
      const rm = sessionRateMapCorrelation(sessions[i], sessions[j], nBins);
      out.push({
        i,
        j,
        deltaDays: Math.abs(sessions[j].day - sessions[i].day),
        pv: sessionPVCorrelation(sessions[i], sessions[j], nBins),
        rateMap: rm.mean,
        nCells: rm.nCells,
      });
    }
  }
  return out;
}

/** Symmetric session × session matrix (diagonal 1) of one field of the pair table, for correlationVsLag. */
export function pairMatrix(pairs: readonly SessionPairCorrelation[], nSessions: number, field: 'pv' | 'rateMap'): number[][] {
  const m = Array.from({ length: nSessions }, (_, i) => Array.from({ length: nSessions }, (_, j) => (i === j ? 1 : NaN)));
  for (const p of pairs) m[p.i][p.j] = m[p.j][p.i] = p[field];
  return m;
}
