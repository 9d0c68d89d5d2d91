// Fig. 3-style figures for a recorded dataset: fraction of active cells and mean SI vs session, normalised to
// session 1 (mean ± SEM across animals), and PV / rate-map correlation vs Δdays.
import type { VegaLiteSpec } from '../render';
import { panels, trendSpec, type TrendSeries } from './trend-spec';

export interface SlopeLabel {
  slope: number;
  p: number;
}

export interface Fig3Input {
  dataset: string;
  fractionActive: TrendSeries[];
  meanSI: TrendSeries[];
  slopes?: { fractionActive?: SlopeLabel; meanSI?: SlopeLabel };
  /** Correlation vs Δdays (absent without cell registration). */
  pvVsDelta?: TrendSeries[];
  rateMapVsDelta?: TrendSeries[];
  /** Axis title for the SI panel, e.g. "mean SI (bits/event, shuffle-corrected), normalised". */
  siTitle?: string;
  /** A subtitle line under every panel, e.g. "mean ± SEM over 6 animals". */
  note?: string;
}

export function formatSlope(s: SlopeLabel | undefined): string[] {
  if (!s || !Number.isFinite(s.slope)) return [];
  const p = s.p < 0.001 ? 'p < 0.001' : `p = ${s.p.toFixed(3)}`;
  return [`slope ${s.slope >= 0 ? '+' : ''}${s.slope.toFixed(4)} / session, ${p}`];
}

/** Named specs: fraction-active, mean-si, pv-vs-delta (when given), and fig3 (all panels together). */
export function fig3Specs(o: Fig3Input): Record<string, VegaLiteSpec> {
  const out: Record<string, VegaLiteSpec> = {
    'fraction-active': trendSpec({
      title: 'Fraction of active cells',
      subtitle: [...formatSlope(o.slopes?.fractionActive), ...(o.note ? [o.note] : [])],
      xTitle: 'session',
      yTitle: 'fraction active (normalised to session 1)',
      series: o.fractionActive,
      reference: 1,
      integerX: true,
    }),
    'mean-si': trendSpec({
      title: 'Mean spatial information',
      subtitle: [...formatSlope(o.slopes?.meanSI), ...(o.note ? [o.note] : [])],
      xTitle: 'session',
      yTitle: o.siTitle ?? 'mean SI (normalised to session 1)',
      series: o.meanSI,
      reference: 1,
      integerX: true,
    }),
  };
  if (o.pvVsDelta) {
    out['pv-vs-delta'] = trendSpec({
      title: 'Representational drift',
      subtitle: ['between registered cells', ...(o.note ? [o.note] : [])],
      xTitle: 'Δ days',
      yTitle: 'correlation between sessions',
      series: [...o.pvVsDelta, ...(o.rateMapVsDelta ?? [])],
      integerX: true,
    });
  }
  out.fig3 = panels(o.dataset, Object.values(out));
  return out;
}
