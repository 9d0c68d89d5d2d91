// The paper's main task (Fig. 2; DriftReg make_data.py type 'predictive_track'): an agent runs up and
// down a textured corridor; input = [visual scene at t, heading change], target = visual scene at t+1.
// Defaults are the exact Fig. 2 run (outputs/predictive_track_up/.hydra/config.yaml).

import type { TaskData } from '@driftlab/core';
import { type DataRandom } from './data-random';
import { minMaxNorm, minMaxNormColumns, type Normalization } from './min-max-norm';
import { assertPositive, assertPositiveInt } from './numeric';
import { withDefaults } from './options-schema';
import { type TrackSimulation, type TrackSimulationOptions, simulateTrack } from './track-simulation';

export interface PredictiveTrackOptions extends TrackSimulationOptions {
  /**
   * min_max_norm variant. Default 'unit' ([0, 1)): the shipped Fig. 2 data is in [0, 1], made by an older
   * min_max_norm; 'symmetric' is the current code ([−1, 1)).
   */
  normalization: Normalization;
}

export const PREDICTIVE_TRACK_DEFAULTS: PredictiveTrackOptions = {
  nSamples: 150,
  fovTiles: 17,
  sizeX: 1,
  sizeY: 14,
  kernel: 0.09,
  fovAngleFrac: 8,
  v0: 0.2,
  speedNoiseStd: 0.1,
  headingNoiseStd: (Math.PI * 0.1) / 360,
  bufferFracX: 0.5,
  bufferFracY: 0.1,
  action: 'raw',
  wallPhase: 'quarter',
  normalization: 'unit',
};

/** Fill defaults and check ranges (the schema does the same for plugin use). */
export function resolvePredictiveTrackOptions(options: Partial<PredictiveTrackOptions> = {}): PredictiveTrackOptions {
  const o = withDefaults(PREDICTIVE_TRACK_DEFAULTS, options, 'predictive-track');
  assertPositiveInt('nSamples', o.nSamples);
  assertPositiveInt('fovTiles', o.fovTiles);
  for (const k of ['sizeX', 'sizeY', 'kernel', 'fovAngleFrac'] as const) assertPositive(k, o[k]);
  if (!(o.bufferFracX >= 0 && o.bufferFracX <= 0.5)) throw new Error(`bufferFracX must lie in [0, 0.5], got ${o.bufferFracX}`);
  if (!(o.bufferFracY >= 0 && o.bufferFracY < 0.5)) throw new Error(`bufferFracY must lie in [0, 0.5), got ${o.bufferFracY}`);
  return o;
}

/** The raw trajectory (texture first, then the agent, as the code draws), before normalisation. */
export function simulatePredictiveTrack(options: Partial<PredictiveTrackOptions>, rng: DataRandom): TrackSimulation {
  return simulateTrack(resolvePredictiveTrackOptions(options), rng);
}

/**
 * Normalise as make_data does: the action column and the visual block of X separately, y, and then
 * (the final lines of make_data, run for every type) X and y once more as a whole.
 */
export function predictiveTrackData(sim: TrackSimulation, normalization: Normalization): TaskData {
  const o = sim.options;
  const n = o.nSamples;
  const f = o.fovTiles;
  const w = f + 1;
  const x = Float64Array.from(sim.x);
  minMaxNormColumns(x, n, w, f, w, normalization);
  minMaxNormColumns(x, n, w, 0, f, normalization);
  const y = minMaxNorm(Float64Array.from(sim.y), normalization);
  return {
    id: 'predictive-track',
    n,
    inputDim: w,
    outputDim: f,
    x: minMaxNorm(x, normalization),
    y: minMaxNorm(y, normalization),
    position: Float64Array.from(sim.posY),
    state: { x: Float64Array.from(sim.posX), heading: Float64Array.from(sim.theta), speed: Float64Array.from(sim.speed) },
    directional: true,
  };
}

/** 'predictive-track' data for the given options (Fig. 2 defaults). */
export function makePredictiveTrack(options: Partial<PredictiveTrackOptions>, rng: DataRandom): TaskData {
  const o = resolvePredictiveTrackOptions(options);
  return predictiveTrackData(simulateTrack(o, rng), o.normalization);
}
