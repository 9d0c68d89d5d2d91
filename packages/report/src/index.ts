// @driftlab/report: Figures (SVG/PNG via vega-lite) for runs, studies and recordings.
export {};
