// Model beside brain: the same two activity statistics for a simulated run's snapshots (vs training step) and
// a recorded dataset's sessions (vs session), each normalised to its first point.
import type { VegaLiteSpec } from '../render';
import { panels, trendSpec, type TrendPointInput } from './trend-spec';

export interface ModelSeries {
  label?: string;
  /** Training step (or any time) of each snapshot. */
  time: number[];
  fractionActive: number[];
  meanSI: number[];
}

export interface BrainSeries {
  label?: string;
  session: number[];
  /** Per session mean (and SEM across animals); raw or already normalised. */
  fractionActive: { mean: number; sem?: number }[];
  meanSI: { mean: number; sem?: number }[];
}

/** Divide by the first finite value (SEM scaled alike); all NaN when it is 0 or missing. */
export function normaliseToFirst(points: TrendPointInput[]): TrendPointInput[] {
  const first = points.find((p) => Number.isFinite(p.mean))?.mean;
  const d = first === undefined || first === 0 ? NaN : first;
  return points.map((p) => ({ x: p.x, mean: p.mean / d, ...(p.sem !== undefined ? { sem: p.sem / Math.abs(d) } : {}) }));
}

export function modelVsBrainSpec(model: ModelSeries, brain: BrainSeries): VegaLiteSpec {
  const n = model.time.length;
  if (model.fractionActive.length !== n || model.meanSI.length !== n) throw new Error('modelVsBrainSpec: model series lengths differ');
  if (brain.fractionActive.length !== brain.session.length || brain.meanSI.length !== brain.session.length) throw new Error('modelVsBrainSpec: brain series lengths differ');
  const m = (v: number[]) => normaliseToFirst(v.map((mean, i) => ({ x: model.time[i], mean })));
  const b = (v: { mean: number; sem?: number }[]) => normaliseToFirst(v.map((p, i) => ({ x: brain.session[i], mean: p.mean, sem: p.sem })));
  const ml = model.label ?? 'model';
  const bl = brain.label ?? 'CA1';
  return panels(
    'Model vs brain (normalised to the first point)',
    [
      trendSpec({ title: `${ml}: fraction of active units`, xTitle: 'training step', yTitle: 'fraction active (norm.)', series: [{ label: ml, points: m(model.fractionActive) }], reference: 1 }),
      trendSpec({ title: `${bl}: fraction of active cells`, xTitle: 'session', yTitle: 'fraction active (norm.)', series: [{ label: bl, points: b(brain.fractionActive) }], reference: 1, integerX: true }),
      trendSpec({ title: `${ml}: mean SI of place units`, xTitle: 'training step', yTitle: 'mean SI (norm.)', series: [{ label: ml, points: m(model.meanSI) }], reference: 1 }),
      trendSpec({ title: `${bl}: mean SI`, xTitle: 'session', yTitle: 'mean SI (norm.)', series: [{ label: bl, points: b(brain.meanSI) }], reference: 1, integerX: true }),
    ],
    2,
  );
}
