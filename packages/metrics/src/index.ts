// @driftlab/metrics: Drift metrics for simulated and recorded data: activity, rate maps, spatial information, correlations, timescales.
export {};
