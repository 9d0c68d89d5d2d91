// @driftlab/rules-update-noise: additive Gaussian update noise (DriftReg's main-text rule with GD).
// Importing registers nothing.
import { updateNoisePlugin } from './update-noise-rule';

export { updateNoisePlugin, updateNoiseOptionsSchema, type UpdateNoiseOptions } from './update-noise-rule';
export { addGaussianNoise } from './gaussian-noise';

export const plugins = [updateNoisePlugin];
