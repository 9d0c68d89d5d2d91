// @driftlab/rules-label-noise: noisy training targets, redrawn every step. Importing registers nothing.
import { labelNoisePlugin } from './label-noise-rule';

export { labelNoisePlugin, labelNoiseOptionsSchema, type LabelNoiseOptions } from './label-noise-rule';
export { labelNoise, type LabelNoiseDistribution } from './label-noise';

export const plugins = [labelNoisePlugin];
