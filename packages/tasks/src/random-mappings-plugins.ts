// Plugin descriptors of the four abstract tasks.

import type { JSONSchemaType, TaskPlugin } from '@driftlab/core';
import { dataRandom } from './data-random';
import { NORMALIZATIONS } from './min-max-norm';
import { MAX_SAMPLES, enumOption, intOption, objectSchema, positiveNumber } from './options-schema';
import {
  DIM_SIGMA_FROM,
  RANDOM_MAPPING_DEFAULTS as D,
  SMOOTHED_MAPPING_DEFAULTS,
  makeRandomAutoencoder,
  makeRandomMapping,
  makeSmoothedAutoencoder,
  makeSmoothedMapping,
  type RandomMappingOptions,
  type SmoothedMappingOptions,
} from './random-mappings';

function baseProperties(autoencoder: boolean, smoothed: boolean): Record<string, JSONSchemaType> {
  return {
    nSamples: intOption(D.nSamples, 'Number of samples (the whole, fixed training set; n_samples).', 1, MAX_SAMPLES),
    inputDim: intOption(D.inputDim, 'Input width (X_dim).'),
    outputDim: intOption(
      D.outputDim,
      autoencoder
        ? smoothed
          ? 'Configured y_dim: the output width is inputDim (y = X), but the code still smooths X across dimensions with sigma = outputDim/5 (see dimSigma).'
          : 'Ignored (y = X, so the output width is inputDim); accepted so one option set fits all abstract tasks, as in the code.'
        : 'Target width (y_dim).',
    ),
    smoothFactor: positiveNumber(
      D.smoothFactor,
      smoothed
        ? 'Sigma along the sample axis = nSamples / smoothFactor (smooth_factor).'
        : 'Unused by this task (only the smoothed tasks smooth); accepted so one option set fits all abstract tasks.',
      { maximum: MAX_SAMPLES },
    ),
    normalization: enumOption(
      NORMALIZATIONS,
      D.normalization,
      "min_max_norm variant: 'symmetric' = current code, about [−1, 1); 'unit' = without (x−0.5)·2, about [0, 1).",
    ),
  };
}

function smoothedProperties(autoencoder: boolean): Record<string, JSONSchemaType> {
  return {
    ...baseProperties(autoencoder, true),
    dimSigma: enumOption(
      DIM_SIGMA_FROM,
      SMOOTHED_MAPPING_DEFAULTS.dimSigma,
      "Across-dimension sigma = dim/5 with dim = 'outputDim' for every array (the code's y_dim/5) or each array's own width ('ownDim').",
    ),
  };
}

export const randomTask: TaskPlugin<RandomMappingOptions> = {
  id: '@driftlab/tasks/random',
  kind: 'task',
  aliases: ['random'],
  description: 'Random mapping: X ~ U[0,1), y ~ U[0,1), independent, min–max normalised (DriftReg type "random").',
  optionsSchema: objectSchema('random task options', baseProperties(false, false)),
  create: (options, ctx) => makeRandomMapping(options, dataRandom(ctx)),
};

export const smoothedTask: TaskPlugin<SmoothedMappingOptions> = {
  id: '@driftlab/tasks/smoothed',
  kind: 'task',
  aliases: ['smoothed'],
  description: 'Smoothed random mapping: uniform noise Gaussian-filtered across samples and dimensions (DriftReg type "smoothed").',
  optionsSchema: objectSchema('smoothed task options', smoothedProperties(false)),
  create: (options, ctx) => makeSmoothedMapping(options, dataRandom(ctx)),
};

export const randomAutoencoderTask: TaskPlugin<RandomMappingOptions> = {
  id: '@driftlab/tasks/random-autoencoder',
  kind: 'task',
  aliases: ['random-autoencoder'],
  description: 'Random autoencoder: X ~ U[0,1), y = X (DriftReg type "random_autoencoder").',
  optionsSchema: objectSchema('random-autoencoder task options', baseProperties(true, false)),
  create: (options, ctx) => makeRandomAutoencoder(options, dataRandom(ctx)),
};

export const smoothedAutoencoderTask: TaskPlugin<SmoothedMappingOptions> = {
  id: '@driftlab/tasks/smoothed-autoencoder',
  kind: 'task',
  aliases: ['smoothed-autoencoder'],
  description: 'Smoothed autoencoder: smoothed uniform X, y = X (DriftReg type "smoothed_autoencoder").',
  optionsSchema: objectSchema('smoothed-autoencoder task options', smoothedProperties(true)),
  create: (options, ctx) => makeSmoothedAutoencoder(options, dataRandom(ctx)),
};
