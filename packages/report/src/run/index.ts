// Figures of one simulated run (paper Fig. 2 B–E, plus flatness when recorded).
export { writeRunReport, runModelSeries, scalarPoints, gridSnapshotsOfRun, type RunReportOptions } from './write-run-report';
export { readRunForReport, metricOptions, RunReportError, type RunData, type RunEvaluation, type RunSnapshotEntry, type SnapshotCorrelationData } from './read-run';
export { rateMapGrid, gridSnapshotIndices, gridCell, peakBins, sortUnitsByPeak, type GridSnapshot, type RateMapGrid, type RateMapGridOptions, type RateMapGridRow } from './rate-map-grid';
export {
  lossSpec,
  activitySpecs,
  rateMapGridSpec,
  correlationSpec,
  correlationRows,
  flatnessSpecs,
  stepLinesSpec,
  stepRows,
  shortNumber,
  hconcatSpecs,
  RUN_FIGURE_CONFIG,
  type StepPoint,
  type StepSeries,
  type StepLinesOptions,
  type ActivitySeries,
  type CorrelationRow,
} from './run-specs';
export { heatmapDataUrl, encodePng, schemeLut } from './heatmap-image';
