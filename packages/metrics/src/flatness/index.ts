// @driftlab/metrics flatness: exact Hessian quantities of the clean MSE (trace, top eigenvalues, full spectrum,
// non-zero count, log-determinant, Gauss–Newton vs residual parts, dead units) and their metric plugins.
export { FlatnessAnalysis, DEFAULT_FLATNESS_OPTIONS, countAbove } from './analysis';
export type { FlatnessOptions, TraceParts, SpectralCounts, TopEigenvalues } from './analysis';
export { flatnessOfParams, flatnessOfModel, flatnessToJSON, checkLayout } from './flatness-of-params';
export type { FlatnessResult, FlatnessData } from './flatness-of-params';
export { MlpHessian, type Data64 } from './mlp-hessian';
export { OneLayerHessian } from './one-layer';
export { UnitReduction, type ResidualSpectrumSummary } from './unit-reduction';
export { gaussNewtonGram, gramSpectrum } from './gram';
export { denseHessian, denseHessianSpectrum } from './dense-reference';
export {
  hessianTraceMetric,
  hessianTopEigsMetric,
  hessianSpectrumMetric,
  hessianNonzeroFractionMetric,
  hessianLogDetMetric,
  flatnessPlugins,
} from './probes';
export type { TopEigsOptions, SpectrumOptions, CountOptions } from './probes';
