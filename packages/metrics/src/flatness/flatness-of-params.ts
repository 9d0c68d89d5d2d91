// All flatness quantities of one parameter vector: what `drift flatness <run-dir>` computes per stored snapshot
// and what the metric plugins record at snapshot evaluations.

import type { MlpSpec, Model } from '@driftlab/core';
import { FlatnessAnalysis, type FlatnessOptions } from './analysis';
import type { Data64 } from './mlp-hessian';
import { mlpViewNames } from './mlp-layout';

export interface FlatnessData {
  /** n × inputDim, row-major. */
  x: ArrayLike<number>;
  /** n × outputDim, row-major (clean targets). */
  y: ArrayLike<number>;
  n: number;
}

export interface FlatnessResult {
  nParams: number;
  /** Clean MSE at these parameters. */
  loss: number;
  /** 'one-hidden-layer' (exact structured path) or 'generic' (deeper nets: HVPs and dense matrices). */
  method: 'one-hidden-layer' | 'generic';
  /** Dead hidden units (inactive on every sample) per hidden layer, and their sum. */
  deadUnitsPerLayer: number[];
  deadUnits: number;
  /** Exact trace of the Hessian and of its two parts; null only for deep tanh nets without a full spectrum. */
  trace: number | null;
  gaussNewtonTrace: number;
  residualTrace: number | null;
  /** The topK largest eigenvalues (descending), and how they were obtained. */
  topEigenvalues: number[];
  topEigenvaluesMethod: 'spectrum' | 'lanczos';
  topEigenvaluesConverged: boolean;
  lambdaMax: number;
  /** Largest eigenvalue of the Gauss–Newton part; spectral and Frobenius norms of the residual part. */
  gaussNewtonMax: number;
  residualNorm: number | null;
  residualFrobenius: number | null;
  /** Size of the dense problem the full spectrum needs after the exact reduction (≤ nParams). */
  denseDim: number;
  /** All nParams eigenvalues, descending, or null when denseDim > maxDenseDim. */
  spectrum: Float64Array | null;
  /** Non-zero eigenvalues of the Gauss–Newton part via the n·D Gram matrix (descending), or null. */
  gaussNewtonSpectrum: Float64Array | null;
  /** Eigenvalues λ > tolerance·λmax: count, fraction of nParams, Σ ln λ; null without the spectrum. */
  tolerance: number;
  nonzeroCount: number | null;
  nonzeroFraction: number | null;
  logDet: number | null;
  /** Wall-clock seconds for everything above. */
  seconds: number;
}

/** Float64 copy of the data (x, y) for the flatness kernels. */
export function toData64(data: FlatnessData): Data64 {
  return { x: Float64Array.from(data.x), y: Float64Array.from(data.y), n: data.n };
}

/**
 * Every flatness quantity of the MSE Hessian at `params` (layout of core's MlpSpec: W1, b1, …, V, c), on the
 * clean data set. Computation is in float64 whatever the dtype of params.
 */
export function flatnessOfParams(
  spec: MlpSpec,
  params: ArrayLike<number>,
  data: FlatnessData,
  options: Partial<FlatnessOptions> = {},
): FlatnessResult {
  const start = performance.now();
  const analysis = new FlatnessAnalysis(spec, Float64Array.from(params), toData64(data), options);
  const result = resultOf(analysis);
  result.seconds = (performance.now() - start) / 1000;
  return result;
}

/** The same for a live model (its spec and current parameters). */
export function flatnessOfModel(model: Model, data: FlatnessData, options: Partial<FlatnessOptions> = {}): FlatnessResult {
  checkLayout(model);
  return flatnessOfParams(model.spec, model.params, data, options);
}

/** Throws when a backend's parameter views differ from the layout these kernels assume. */
export function checkLayout(model: Model): void {
  for (const want of mlpViewNames(model.spec)) {
    const got = model.views.find((v) => v.name === want.name);
    if (!got || got.offset !== want.offset || got.length !== want.length)
      throw new Error(`flatness: model view ${want.name} is not at offset ${want.offset} (length ${want.length}) as MlpSpec's layout requires`);
  }
}

export function resultOf(a: FlatnessAnalysis): FlatnessResult {
  const dead = a.deadUnits();
  const trace = a.trace();
  const top = a.topEigenvalues();
  const residual = a.residualNorms();
  const spectrum = a.spectrum();
  const counts = a.counts();
  return {
    nParams: a.nParams,
    loss: a.loss(),
    method: a.structured ? 'one-hidden-layer' : 'generic',
    deadUnitsPerLayer: dead,
    deadUnits: dead.reduce((s, x) => s + x, 0),
    trace: trace ? trace.total : null,
    gaussNewtonTrace: trace ? trace.gaussNewton : a.gaussNewtonTraceOnly(),
    residualTrace: trace ? trace.residual : null,
    topEigenvalues: Array.from(top.values),
    topEigenvaluesMethod: top.method,
    topEigenvaluesConverged: top.converged,
    lambdaMax: top.values.length ? top.values[0] : 0,
    gaussNewtonMax: a.gaussNewtonMax(),
    residualNorm: residual ? residual.spectral : null,
    residualFrobenius: residual ? residual.frobenius : null,
    denseDim: a.denseDim(),
    spectrum,
    gaussNewtonSpectrum: a.gaussNewtonSpectrum(),
    tolerance: a.options.tolerance,
    nonzeroCount: counts ? counts.count : null,
    nonzeroFraction: counts ? counts.fraction : null,
    logDet: counts ? counts.logDet : null,
    seconds: 0,
  };
}

/** A JSON-ready copy (typed arrays become plain arrays). */
export function flatnessToJSON(r: FlatnessResult): Record<string, unknown> {
  return {
    ...r,
    spectrum: r.spectrum ? Array.from(r.spectrum) : null,
    gaussNewtonSpectrum: r.gaussNewtonSpectrum ? Array.from(r.gaussNewtonSpectrum) : null,
  };
}
