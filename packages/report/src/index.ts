// @driftlab/report: Figures (SVG/PNG via vega-lite) for runs, studies and recordings.
export { renderSvg, svgToPng, writeFigure, type VegaLiteSpec } from './render';
export { loadVega } from './vega-loader';
export { trendSpec, trendRows, panels, type TrendPointInput, type TrendSeries, type TrendSpecOptions } from './figures/trend-spec';
export { fig3Specs, formatSlope, type Fig3Input, type SlopeLabel } from './figures/fig3';
export { modelVsBrainSpec, normaliseToFirst, type ModelSeries, type BrainSeries } from './figures/model-vs-brain';
export * from './run';
