// Plugin descriptors of the two predictive tasks.

import type { TaskPlugin } from '@driftlab/core';
import { dataRandom } from './data-random';
import { NORMALIZATIONS } from './min-max-norm';
import { MAX_SAMPLES, booleanOption, enumOption, intOption, objectSchema, positiveNumber } from './options-schema';
import { PREDICTIVE_RING_DEFAULTS as R, RING_TEXTURES, makePredictiveRing, type PredictiveRingOptions } from './predictive-ring';
import { PREDICTIVE_TRACK_DEFAULTS as T, makePredictiveTrack, type PredictiveTrackOptions } from './predictive-track';
import { WALL_PHASES } from './track-geometry';
import { TRACK_ACTIONS } from './track-simulation';

const normalizationDoc =
  "min_max_norm variant: 'symmetric' = the current code, about [−1, 1); 'unit' = without the final (x−0.5)·2, about [0, 1).";

export const predictiveTrackTask: TaskPlugin<PredictiveTrackOptions> = {
  id: '@driftlab/tasks/predictive-track',
  kind: 'task',
  aliases: ['predictive-track'],
  description:
    'Fig. 2 corridor: visual scene + heading change → next visual scene along one trajectory (DriftReg type "predictive_track"). Defaults = the Fig. 2 run.',
  optionsSchema: objectSchema('predictive-track task options', {
    nSamples: intOption(T.nSamples, 'Steps of the single trajectory = training samples (n_samples).', 1, MAX_SAMPLES),
    fovTiles: intOption(T.fovTiles, 'Rays in the visual field (X_dim); input width fovTiles + 1, output width fovTiles.', 1, 1000),
    sizeX: positiveNumber(T.sizeX, 'Arena width (Env.size_x).'),
    sizeY: positiveNumber(T.sizeY, 'Arena length (Env.size_y); the track runs over ±(sizeY/2 − bufferFracY·sizeY).'),
    kernel: positiveNumber(T.kernel, 'Texture smoothing sigma as a fraction of the number of tiles (Env.kernel).'),
    fovAngleFrac: positiveNumber(T.fovAngleFrac, 'Field of view θ ± π/fovAngleFrac (Env.FOV_angle_frac).'),
    v0: { type: 'number', default: T.v0, description: 'Mean speed per step (Env.V0).' },
    speedNoiseStd: { type: 'number', minimum: 0, default: T.speedNoiseStd, description: 'Std of the per-step speed noise (code: 0.1).' },
    headingNoiseStd: {
      type: 'number',
      minimum: 0,
      default: T.headingNoiseStd,
      description: 'Std of the heading change in turns; the heading moves by 2π·N(0, std) per step (code: π·0.1/360).',
    },
    bufferFracX: { type: 'number', minimum: 0, maximum: 0.5, default: T.bufferFracX, description: 'x margin as a fraction of sizeX (code: 0.5, pinning x at 0).' },
    bufferFracY: {
      type: 'number',
      minimum: 0,
      exclusiveMaximum: 0.5,
      default: T.bufferFracY,
      description: 'y margin as a fraction of sizeY where the agent turns around (code: 0.1).',
    },
    action: enumOption(TRACK_ACTIONS, T.action, "Action input: 'raw' = the code's θ_{t+1} − θ_t with θ in [0, 2π) (jumps by ±2π when θ crosses 0); 'wrapped' = into [−π, π)."),
    wallPhase: enumOption(WALL_PHASES, T.wallPhase, "Texture coordinate of a wall hit: 'quarter' = the code's get_phase (walls start at quarter marks); 'arclength' = true perimeter position."),
    normalization: enumOption(NORMALIZATIONS, T.normalization, `${normalizationDoc} Default 'unit' reproduces the shipped Fig. 2 data.`),
  }),
  create: (options, ctx) => makePredictiveTrack(options, dataRandom(ctx)),
};

export const predictiveRingTask: TaskPlugin<PredictiveRingOptions> = {
  id: '@driftlab/tasks/predictive-ring',
  kind: 'task',
  aliases: ['predictive-ring'],
  description: 'Abstract predictive task on a ring: texture window at one position → window at the next (DriftReg type "predictive").',
  optionsSchema: objectSchema('predictive-ring task options', {
    nSamples: intOption(R.nSamples, 'Samples along the random trajectory (n_samples).', 1, MAX_SAMPLES),
    inputDim: intOption(R.inputDim, 'Points sampled across the window (X_dim); the output width equals it.'),
    arenaSize: intOption(R.arenaSize, 'Ring circumference in texture points (arena_size).', 1, 1_000_000),
    fov: positiveNumber(R.fov, 'Window width (FOV); the texture sigma is arenaSize/fov.'),
    stepFactor: positiveNumber(R.stepFactor, 'Steps are U(0,1)·arenaSize/nSamples·stepFactor (code: 20).'),
    texture: enumOption(RING_TEXTURES, R.texture, "'code' = arenaSize+1 values, 'reflect' smoothing, seam at 0 ≡ arenaSize; 'periodic' = truly circular texture."),
    aliasedNormalization: booleanOption(
      R.aliasedNormalization,
      'true = the code (X and y are views of one tensor, so normalising X in place also rescales y rows 0..n−2 and the last target row ends on another scale); false = X and y normalised independently.',
    ),
    normalization: enumOption(NORMALIZATIONS, R.normalization, normalizationDoc),
  }),
  create: (options, ctx) => makePredictiveRing(options, dataRandom(ctx)),
};
