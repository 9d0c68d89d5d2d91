// @driftlab/metrics: Drift metrics for simulated and recorded data: activity, rate maps, spatial information, correlations, timescales.
import { activityMetric } from './probes/activity-probe';
import { spatialMetric } from './probes/spatial-probe';
import { flatnessPlugins } from './flatness';

export * from './recording';
export * from './activity';
export * from './positions';
export * from './rate-maps';
export * from './spatial-information';
export * from './smoothing';
export * from './correlation';
export * from './timescale';
export * from './loss';
export { hiddenRecording, scalarSeries } from './probes/hidden-recording';
export { activityMetric, createActivityProbe, type ActivityProbeOptions } from './probes/activity-probe';
export { spatialMetric, createSpatialProbe, type SpatialProbeOptions, type SnapshotCorrelation } from './probes/spatial-probe';

/** The metric plugins of this package (register them explicitly; importing registers nothing). */
export const plugins = [activityMetric, spatialMetric, ...flatnessPlugins];
export * from './recorded';
export * from './flatness';
