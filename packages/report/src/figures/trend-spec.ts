// A line of means with ± SEM error bars per series (Fig. 3 style), as a Vega-Lite spec.
import type { VegaLiteSpec } from '../render';

export interface TrendPointInput {
  x: number;
  mean: number;
  /** Standard error; no bar when absent or not finite. */
  sem?: number;
}

export interface TrendSeries {
  label: string;
  points: TrendPointInput[];
}

export interface TrendSpecOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  series: TrendSeries[];
  /** Draw a dashed horizontal rule here (e.g. 1 for values normalised to the first session). */
  reference?: number;
  /** Optional subtitle lines (e.g. the regression slope and p). */
  subtitle?: string[];
  width?: number;
  height?: number;
  /** Integer ticks on x (sessions, days). */
  integerX?: boolean;
}

/** Rows for the data table: non-finite means are dropped, so a gap never plots as 0. */
export function trendRows(series: TrendSeries[]): { series: string; x: number; mean: number; lo: number | null; hi: number | null }[] {
  const rows = [];
  for (const s of series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.mean) || !Number.isFinite(p.x)) continue;
      const e = p.sem !== undefined && Number.isFinite(p.sem) ? p.sem : undefined;
      rows.push({ series: s.label, x: p.x, mean: p.mean, lo: e === undefined ? null : p.mean - e, hi: e === undefined ? null : p.mean + e });
    }
  }
  return rows;
}

export function trendSpec(o: TrendSpecOptions): VegaLiteSpec {
  const x = { field: 'x', type: 'quantitative', title: o.xTitle, scale: { zero: false, nice: false, padding: 14 }, ...(o.integerX ? { axis: { tickMinStep: 1, format: 'd' } } : {}) };
  const color = { field: 'series', type: 'nominal', title: null, legend: o.series.length > 1 ? { orient: 'bottom', labelLimit: 300 } : null };
  const layers: VegaLiteSpec[] = [
    { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
    { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: o.yTitle, scale: { zero: false } }, color } },
  ];
  if (o.reference !== undefined) layers.unshift({ mark: { type: 'rule', strokeDash: [4, 4], color: '#888' }, data: { values: [{ ref: o.reference }] }, encoding: { y: { field: 'ref', type: 'quantitative' } } });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: o.title, ...(o.subtitle?.length ? { subtitle: o.subtitle } : {}) },
    width: o.width ?? 260,
    height: o.height ?? 200,
    data: { values: trendRows(o.series) },
    layer: layers,
    config: { font: 'DejaVu Sans, Arial, sans-serif' },
  };
}

/** Side-by-side panels (hconcat) sharing nothing but the page. */
export function panels(title: string, specs: VegaLiteSpec[], columns = specs.length): VegaLiteSpec {
  const strip = (s: VegaLiteSpec) => {
    const { $schema: _s, config: _c, ...rest } = s;
    return rest;
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    columns,
    concat: specs.map(strip),
    resolve: { scale: { color: 'independent' } },
    config: { font: 'DejaVu Sans, Arial, sans-serif' },
  };
}
