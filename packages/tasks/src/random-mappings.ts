// The abstract tasks of DriftReg's make_data.py ('random', 'smoothed', 'random_autoencoder',
// 'smoothed_autoencoder'): a fixed set of n random input/target pairs, no structure but what the
// smoothing adds. Paper: Table 2 "random" and "random smoothed" (Figs. 4, 5 and supplements).

import type { TaskData } from '@driftlab/core';
import { type DataRandom, sampleIndex, uniformArray } from './data-random';
import { gaussianFilter2d } from './gaussian-filter';
import { minMaxNorm, type Normalization } from './min-max-norm';
import { assertPositive, assertPositiveInt } from './numeric';
import { withDefaults } from './options-schema';

/**
 * Which dimension sets the across-dimension smoothing sigma (dim/5):
 * 'outputDim' = the code: gaussian_filter(…, sigma=[n/smooth_factor, y_dim/5]) for X *and* y, so the
 * inputs are smoothed with the output width (and the autoencoder with the configured, then discarded, y_dim);
 * 'ownDim' = each array with its own width (X: inputDim/5, y: outputDim/5).
 */
export type DimSigmaFrom = 'outputDim' | 'ownDim';
export const DIM_SIGMA_FROM: readonly DimSigmaFrom[] = ['outputDim', 'ownDim'];

export interface RandomMappingOptions {
  nSamples: number;
  inputDim: number;
  /** Target width; the autoencoders ignore it for the shape (y = X) but 'smoothed-autoencoder' uses it for sigma. */
  outputDim: number;
  /** Samples/sigma along the sample axis: sigma = nSamples / smoothFactor (smoothed tasks only). */
  smoothFactor: number;
  normalization: Normalization;
}

export interface SmoothedMappingOptions extends RandomMappingOptions {
  dimSigma: DimSigmaFrom;
}

/** Middle of DriftReg's make_configs.py grid (n ∈ {5,10,20}, X_dim ∈ {20,25,30}, y_dim ∈ {5,10,15}). */
export const RANDOM_MAPPING_DEFAULTS: RandomMappingOptions = {
  nSamples: 10,
  inputDim: 25,
  outputDim: 10,
  smoothFactor: 5,
  normalization: 'symmetric',
};

export const SMOOTHED_MAPPING_DEFAULTS: SmoothedMappingOptions = { ...RANDOM_MAPPING_DEFAULTS, dimSigma: 'outputDim' };

function check(o: RandomMappingOptions): void {
  assertPositiveInt('nSamples', o.nSamples);
  assertPositiveInt('inputDim', o.inputDim);
  assertPositiveInt('outputDim', o.outputDim);
  assertPositive('smoothFactor', o.smoothFactor);
}

function abstractTask(id: string, o: RandomMappingOptions, x: Float64Array, y: Float64Array, outputDim: number): TaskData {
  return {
    id,
    n: o.nSamples,
    inputDim: o.inputDim,
    outputDim,
    // make_data ends with X = min_max_norm(X); y = min_max_norm(y) for every type.
    x: minMaxNorm(x, o.normalization),
    y: minMaxNorm(y, o.normalization),
    position: sampleIndex(o.nSamples),
    state: {},
    directional: false,
  };
}

/** gaussian_filter(U[0,1)^(n×dim), sigma=[n/smoothFactor, sigmaDim/5]) with scipy's defaults (reflect, truncate 4). */
function smoothedUniform(rng: DataRandom, n: number, dim: number, smoothFactor: number, sigmaDim: number): Float64Array {
  return gaussianFilter2d(uniformArray(rng, n * dim), n, dim, [n / smoothFactor, sigmaDim / 5]);
}

/** 'random': X ~ U[0,1)^(n×inputDim), y ~ U[0,1)^(n×outputDim), drawn in that order, each min–max normalised. */
export function makeRandomMapping(options: Partial<RandomMappingOptions>, rng: DataRandom): TaskData {
  const o = withDefaults(RANDOM_MAPPING_DEFAULTS, options, 'random');
  check(o);
  const x = uniformArray(rng, o.nSamples * o.inputDim);
  const y = uniformArray(rng, o.nSamples * o.outputDim);
  return abstractTask('random', o, x, y, o.outputDim);
}

/** 'smoothed': as 'random', each array smoothed across samples and dimensions before normalisation. */
export function makeSmoothedMapping(options: Partial<SmoothedMappingOptions>, rng: DataRandom): TaskData {
  const o = withDefaults(SMOOTHED_MAPPING_DEFAULTS, options, 'smoothed');
  check(o);
  const xSigmaDim = o.dimSigma === 'outputDim' ? o.outputDim : o.inputDim;
  const x = smoothedUniform(rng, o.nSamples, o.inputDim, o.smoothFactor, xSigmaDim);
  const y = smoothedUniform(rng, o.nSamples, o.outputDim, o.smoothFactor, o.outputDim);
  return abstractTask('smoothed', o, x, y, o.outputDim);
}

/** 'random-autoencoder': X ~ U[0,1)^(n×inputDim), y = X (outputDim := inputDim). */
export function makeRandomAutoencoder(options: Partial<RandomMappingOptions>, rng: DataRandom): TaskData {
  const o = withDefaults(RANDOM_MAPPING_DEFAULTS, options, 'random-autoencoder');
  check(o);
  const x = uniformArray(rng, o.nSamples * o.inputDim);
  return abstractTask('random-autoencoder', o, x, Float64Array.from(x), o.inputDim);
}

/** 'smoothed-autoencoder': smoothed X (dim sigma from outputDim/5 by default, as the code), y = X. */
export function makeSmoothedAutoencoder(options: Partial<SmoothedMappingOptions>, rng: DataRandom): TaskData {
  const o = withDefaults(SMOOTHED_MAPPING_DEFAULTS, options, 'smoothed-autoencoder');
  check(o);
  const sigmaDim = o.dimSigma === 'outputDim' ? o.outputDim : o.inputDim;
  const x = smoothedUniform(rng, o.nSamples, o.inputDim, o.smoothFactor, sigmaDim);
  return abstractTask('smoothed-autoencoder', o, x, Float64Array.from(x), o.inputDim);
}
