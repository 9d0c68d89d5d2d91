// @driftlab/tasks: the paper's tasks (DriftReg make_data.py): predictive track (Fig. 2), predictive ring,
// random, smoothed and autoencoder mappings. Importing registers nothing.

import type { TaskPlugin } from '@driftlab/core';
import { predictiveRingTask, predictiveTrackTask } from './predictive-plugins';
import { randomAutoencoderTask, randomTask, smoothedAutoencoderTask, smoothedTask } from './random-mappings-plugins';

export { predictiveRingTask, predictiveTrackTask } from './predictive-plugins';
export { randomAutoencoderTask, randomTask, smoothedAutoencoderTask, smoothedTask } from './random-mappings-plugins';

export * from './predictive-track';
export * from './predictive-ring';
export * from './random-mappings';
export * from './track-simulation';
export * from './track-geometry';
export * from './track-texture';
export * from './gaussian-filter';
export * from './min-max-norm';
export { type DataRandom, dataRandom } from './data-random';
export { pyMod, linspace, interpUnitGrid, interp1dLinear } from './numeric';

/** All six task plugins. */
export const plugins: TaskPlugin[] = [
  predictiveTrackTask,
  predictiveRingTask,
  randomTask,
  smoothedTask,
  randomAutoencoderTask,
  smoothedAutoencoderTask,
];
