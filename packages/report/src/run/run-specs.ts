// Vega-Lite specs of the Fig. 2-style run figures (paper-notes §4.1–4.4): loss (B), activity and mean SI (C),
// the rate-map grid (D), the rate-map correlation matrix (E), and the Hessian flatness when recorded.
import type { VegaLiteSpec } from '../render';
import { gridCell, type RateMapGrid } from './rate-map-grid';
import { heatmapDataUrl } from './heatmap-image';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = 'DejaVu Sans, Arial, sans-serif';

export const RUN_FIGURE_CONFIG = {
  font: FONT,
  title: { fontSize: 14, subtitleFontSize: 11, subtitleColor: '#555', anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  header: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  view: { stroke: '#ccc' },
};

export interface StepPoint {
  step: number;
  value: number;
}

export interface StepSeries {
  label: string;
  points: StepPoint[];
  color?: string;
}

export interface StepLinesOptions {
  title: string;
  subtitle?: string[];
  yTitle: string;
  series: StepSeries[];
  logX?: boolean;
  logY?: boolean;
  /** A dashed vertical rule at this step with its label (e.g. loss convergence). */
  marker?: { step: number; label: string };
  yDomain?: [number, number];
  width?: number;
  height?: number;
}

/** Rows for the line layer: points that a log axis cannot show (≤ 0) and non-finite values are dropped. */
export function stepRows(o: Pick<StepLinesOptions, 'series' | 'logX' | 'logY'>): { series: string; step: number; value: number }[] {
  const rows = [];
  for (const s of o.series) {
    for (const p of s.points) {
      if (!Number.isFinite(p.step) || !Number.isFinite(p.value)) continue;
      if ((o.logX && p.step <= 0) || (o.logY && p.value <= 0)) continue;
      rows.push({ series: s.label, step: p.step, value: p.value });
    }
  }
  return rows;
}

/** Lines of scalars vs training step, one colour per series (legend only when there are several). */
export function stepLinesSpec(o: StepLinesOptions): VegaLiteSpec {
  const x = {
    field: 'step',
    type: 'quantitative',
    title: o.logX ? 'training step (log)' : 'training step',
    scale: o.logX ? { type: 'log', nice: false } : { nice: false },
    axis: { format: '~s', labelOverlap: 'greedy' },
  };
  const colors = o.series.map((s, i) => s.color ?? ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'][i % 4]);
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: o.series.map((s) => s.label), range: colors },
    legend: o.series.length > 1 ? { orient: 'bottom', direction: 'vertical', labelLimit: 320 } : null,
  };
  const y = { field: 'value', type: 'quantitative', title: o.yTitle, scale: { ...(o.logY ? { type: 'log', nice: false } : { zero: false }), ...(o.yDomain ? { domain: o.yDomain } : {}) }, ...(o.logY ? { axis: { format: '~g' } } : {}) };
  const layers: VegaLiteSpec[] = [{ mark: { type: 'line', strokeWidth: 2, interpolate: 'linear' }, encoding: { x, y, color } }];
  if (o.marker && Number.isFinite(o.marker.step) && (!o.logX || o.marker.step > 0)) {
    const mx = { field: 'step', type: 'quantitative' };
    const m = { data: { values: [{ step: o.marker.step, label: o.marker.label }] } };
    layers.push({ ...m, mark: { type: 'rule', strokeDash: [5, 4], color: '#888' }, encoding: { x: mx } });
    layers.push({ ...m, mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 4, y: 0, fontSize: 10, color: '#555' }, encoding: { x: mx, text: { field: 'label' } } });
  }
  return {
    $schema: SCHEMA,
    title: { text: o.title, ...(o.subtitle?.length ? { subtitle: o.subtitle } : {}) },
    width: o.width ?? 300,
    height: o.height ?? 220,
    data: { values: stepRows(o) },
    layer: layers,
    config: RUN_FIGURE_CONFIG,
  };
}

/** (B) normalised loss (MSE / var y) vs step, both axes log. */
export function lossSpec(points: StepPoint[], o: { convergedAtStep?: number | null } = {}): VegaLiteSpec {
  return stepLinesSpec({
    title: 'Loss',
    subtitle: ['clean MSE / var(y)'],
    yTitle: 'normalised loss (log)',
    series: [{ label: 'loss', points, color: '#333' }],
    logX: true,
    logY: true,
    marker: o.convergedAtStep != null ? { step: o.convergedAtStep, label: 'converged' } : undefined,
  });
}

export interface ActivitySeries {
  activeUnits: StepPoint[];
  activeFraction: StepPoint[];
  meanSI: StepPoint[];
}

/** (C) twin panels: fraction of active units and active fraction; mean SI of place units. Log step axis. */
export function activitySpecs(a: ActivitySeries): { activity: VegaLiteSpec; meanSI: VegaLiteSpec } {
  return {
    activity: stepLinesSpec({
      title: 'Sparsification',
      subtitle: ['hidden units on clean inputs'],
      yTitle: 'fraction',
      series: [
        { label: 'active units (h > 0 for ≥ 1 input)', points: a.activeUnits, color: '#1f77b4' },
        { label: 'active fraction (mean 1[h > 0])', points: a.activeFraction, color: '#d62728' },
      ],
      logX: true,
      yDomain: [0, 1],
    }),
    meanSI: stepLinesSpec({
      title: 'Spatial information',
      subtitle: ['mean Skaggs SI of place units (SI > threshold)'],
      yTitle: 'mean SI (bits)',
      series: [{ label: 'mean SI', points: a.meanSI, color: '#2ca02c' }],
      logX: true,
    }),
  };
}

/** Side by side, each keeping its own scales. */
export function hconcatSpecs(title: string | null, specs: VegaLiteSpec[]): VegaLiteSpec {
  const strip = ({ $schema: _s, config: _c, ...rest }: VegaLiteSpec) => rest;
  return { $schema: SCHEMA, ...(title ? { title: { text: title, fontSize: 15 } } : {}), hconcat: specs.map(strip), resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } }, config: RUN_FIGURE_CONFIG };
}

/** 50000 → "50k", 7500 → "7.5k", 1200000 → "1.2M". */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  const [d, suffix] = a >= 1e6 ? [1e6, 'M'] : a >= 1e3 ? [1e3, 'k'] : [1, ''];
  return `${+(v / d).toFixed(2)}${suffix}`;
}

const stepLabel = (s: number) => `step ${s.toLocaleString('en-US')}`;

/** (D) the 4 × 4 grid: rows sorted at one snapshot, columns the snapshots; each cell one embedded image. */
export function rateMapGridSpec(grid: RateMapGrid, o: { cellSize?: number; placeThreshold?: number } = {}): VegaLiteSpec {
  const size = o.cellSize ?? 150;
  const values = [];
  for (let r = 0; r < grid.rows.length; r++) {
    const n = grid.rows[r].units.length;
    for (let c = 0; c < grid.steps.length; c++) {
      values.push({ r, c, sortStep: grid.rows[r].sortStep, step: grid.steps[c], units: n, url: n > 0 ? heatmapDataUrl(gridCell(grid, r, c), n, grid.nBins, { minPixels: 2 * size }) : null });
    }
  }
  // Row headers as two lines, looked up by row index (a long field value would widen the header band).
  const rowLabels = JSON.stringify(grid.rows.map((row) => [`sorted at ${stepLabel(row.sortStep)}`, `${row.units.length} place units`]));
  const colLabels = JSON.stringify(grid.steps.map(stepLabel));
  const image = { type: 'image', width: size, height: size, aspect: false, align: 'left', baseline: 'top' };
  return {
    $schema: SCHEMA,
    title: {
      text: 'Rate maps of place units',
      // Short lines: headless vega over-estimates text widths, and a wide title widens the whole group.
      subtitle: [
        `row: place units (SI > ${o.placeThreshold ?? 0.01}) at one step, sorted by peak there`,
        'column: the same units at each step',
        `smoothed σ = ${+grid.sigmaBins.toFixed(2)} bins, each unit / its max`,
        `x: position bin 0–${grid.nBins - 1}; y: units`,
      ],
    },
    data: { values },
    facet: {
      row: { field: 'r', type: 'ordinal', title: null, header: { labelExpr: `${rowLabels}[datum.value]`, labelAngle: -90, labelAlign: 'center', labelBaseline: 'bottom', labelLineHeight: 15 } },
      column: { field: 'c', type: 'ordinal', title: null, header: { labelExpr: `${colLabels}[datum.value]`, labelFontWeight: 'bold' } },
    },
    spacing: 8,
    spec: {
      width: size,
      height: size,
      layer: [
        { mark: image, encoding: { url: { field: 'url' }, x: { value: 0 }, y: { value: 0 } } },
        // An invisible rect on the shared 0–1 scale gives the colour bar.
        {
          data: { values: [{ v: 0 }, { v: 1 }] },
          mark: { type: 'rect', opacity: 0 },
          encoding: { color: { field: 'v', type: 'quantitative', title: 'rate / max', scale: { scheme: 'viridis', domain: [0, 1] }, legend: { orient: 'right', gradientLength: 2 * size } } },
        },
      ],
    },
    config: RUN_FIGURE_CONFIG,
  };
}

export interface CorrelationRow {
  i: number;
  j: number;
  t1: number;
  t2: number;
  r: number | null;
}

/** Matrix entries as rows (NaN → null), row i = snapshot times[i]. */
export function correlationRows(times: number[], matrix: number[][]): CorrelationRow[] {
  const rows: CorrelationRow[] = [];
  for (let i = 0; i < times.length; i++) {
    for (let j = 0; j < times.length; j++) {
      const v = matrix[i]?.[j];
      rows.push({ i, j, t1: times[i], t2: times[j], r: typeof v === 'number' && Number.isFinite(v) ? v : null });
    }
  }
  return rows;
}

/** (E) correlation between snapshots as a heatmap; undefined entries grey. */
export function correlationSpec(c: { times: number[]; matrix: number[][] }, o: { title?: string; subtitle?: string[]; size?: number } = {}): VegaLiteSpec {
  const values = correlationRows(c.times, c.matrix);
  const finite = values.map((v) => v.r).filter((v): v is number => v !== null);
  const lo = Math.min(0, ...finite);
  const size = o.size ?? 260;
  const axis = (title: string) => ({ field: 'i', type: 'ordinal', title, sort: 'ascending' });
  // About 8 labels, always the first and last snapshot, none crowding the last.
  const T = c.times.length;
  const every = Math.max(1, Math.ceil(T / 8));
  const labels = c.times.map((t, i) => (i === T - 1 || (i % every === 0 && T - 1 - i >= every / 2) ? shortNumber(t) : ''));
  const labelExpr = `${JSON.stringify(labels)}[datum.value]`;
  const color = {
    condition: { test: '!isValid(datum.r)', value: '#ddd' },
    field: 'r',
    type: 'quantitative',
    title: 'r',
    scale: { scheme: 'viridis', domain: [lo, 1] },
    legend: { gradientLength: size - 20 },
  };
  return {
    $schema: SCHEMA,
    title: { text: o.title ?? 'Rate-map correlation', subtitle: o.subtitle ?? ['mean Pearson r of smoothed maps,', 'units that are place units at both steps'] },
    width: size,
    height: size,
    data: { values },
    transform: [{ calculate: 'datum.r', as: 'edge' }],
    mark: { type: 'rect', strokeWidth: 0.5 },
    encoding: {
      x: { ...axis('training step'), field: 'j', axis: { labelExpr, labelAngle: 0, ticks: false, grid: false } },
      y: { ...axis('training step'), field: 'i', axis: { labelExpr, ticks: false, grid: false } },
      color,
      // Stroke in the fill colour hides the anti-aliasing seams between cells.
      // (its own field, so vega-lite does not merge it into the colour legend).
      stroke: { ...color, field: 'edge', legend: null },
      tooltip: [{ field: 't1' }, { field: 't2' }, { field: 'r', format: '.3f' }],
    },
    config: RUN_FIGURE_CONFIG,
  };
}

/** Hessian trace (log y) and fraction of non-zero eigenvalues vs step (paper Fig. 5B/D), when recorded. */
export function flatnessSpecs(f: { trace?: StepPoint[]; nonzeroFraction?: StepPoint[] }): VegaLiteSpec[] {
  const out: VegaLiteSpec[] = [];
  if (f.trace?.some((p) => Number.isFinite(p.value))) {
    out.push(stepLinesSpec({ title: 'Hessian trace', subtitle: ['sum of eigenvalues of the clean-loss Hessian'], yTitle: 'trace (log)', series: [{ label: 'trace', points: f.trace, color: '#9467bd' }], logY: true }));
  }
  if (f.nonzeroFraction?.some((p) => Number.isFinite(p.value))) {
    out.push(stepLinesSpec({ title: 'Non-zero Hessian eigenvalues', subtitle: ['fraction above tolerance · λmax'], yTitle: 'fraction', series: [{ label: 'non-zero fraction', points: f.nonzeroFraction, color: '#8c564b' }] }));
  }
  return out;
}
