// @driftlab/recordings: Importers that turn recorded neural data (Ziv-lab layout, generic CSV, NWB) into
// Recordings, per-session drift statistics, trends across sessions and `analyzeDataset` (drift analyze).
export * from './types';
export { DataFormatError, type DataErrorWhere } from './io/errors';
export { parseCsvTable, readCsvTable, type ColumnSpec, type CsvTable } from './io/csv-table';
export { openDataset, detectFormat, type OpenFormat } from './open-dataset';
export { openZivMultipleMaps, looksLikeZivMultipleMaps, ZIV_TRACK_BINNING } from './importers/ziv-multiple-maps';
export { openZivFamiliar, looksLikeZivFamiliar } from './importers/ziv-familiar';
export { openGenericCsv, looksLikeGenericCsv, GENERIC_DEFAULTS } from './importers/generic-csv';
export { openNwb, looksLikeNwb, nwbFiles } from './importers/nwb';
export { selectSessionSamples, sessionRecording, stateCount, type SessionSelection, type SessionSelectionOptions } from './analysis/session-recording';
export { analyzeSession, type SessionMetricOptions, type SessionMetrics, type SessionResult } from './analysis/session-metrics';
export { trend, perAnimalSeries, type Trend, type TrendInput, type TrendPoint } from './analysis/trend';
export { correlationVsDelta, type CorrelationVsDelta, type DeltaPoint, type ExperimentPairs } from './analysis/correlation-vs-delta';
export {
  analyzeDataset,
  analysisSummary,
  ANALYZE_DEFAULTS,
  TREND_QUANTITIES,
  type AnalyzeOptions,
  type AnalysisSummary,
  type DatasetAnalysis,
  type TrendQuantity,
} from './analysis/analyze-dataset';
export { writeDatasetReport, brainSeries, toCsv as sessionTableCsv } from './analysis/write-report';
export { formatAnalysis } from './analysis/format-text';
export { studentTCdf, studentTTwoSidedP, regularizedIncompleteBeta, logGamma } from './stats/student-t';
export { linearRegression, meanSem, type LinearFit } from './stats/regression';
