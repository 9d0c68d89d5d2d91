// The "abstract predictive" task (DriftReg make_data.py type 'predictive'; paper Table 2): a circular
// 1-D world of circumference arenaSize with a smooth random texture. The agent's position is a cumulative
// sum of uniform steps; the input is the texture seen through a window of width fov, the target is the
// next sample's window. No action input.

import type { TaskData } from '@driftlab/core';
import { type DataRandom, uniformArray } from './data-random';
import { gaussianFilter1d } from './gaussian-filter';
import { minMaxNorm, type Normalization } from './min-max-norm';
import { assertPositive, assertPositiveInt, interp1dLinear, linspace, pyMod } from './numeric';
import { withDefaults } from './options-schema';

/**
 * 'code': arenaSize+1 uniform values, gaussian_filter with scipy's default mode 'reflect', read by linear
 * interpolation on [0, arenaSize], so the ring has a seam at 0 ≡ arenaSize (the value at arenaSize is its
 * own random draw). 'periodic': arenaSize values smoothed with mode 'wrap' and interpolated periodically.
 */
export type RingTexture = 'code' | 'periodic';
export const RING_TEXTURES: readonly RingTexture[] = ['code', 'periodic'];

export interface PredictiveRingOptions {
  nSamples: number;
  /** Points sampled across the window (X_dim); outputDim = inputDim. */
  inputDim: number;
  /** Circumference (arena_size = 120). */
  arenaSize: number;
  /** Window width (FOV = 30); the texture sigma is arenaSize/fov. */
  fov: number;
  /** Mean step = stepFactor·arenaSize/(2·nSamples): step_size = arenaSize/nSamples·stepFactor, steps U(0,1)·step_size. */
  stepFactor: number;
  texture: RingTexture;
  /**
   * true = the code: y = X[1:] and X = X[:-1] are views of one tensor and min_max_norm works in place, so
   * normalising X first re-scales targets 0..n−2 too, and the last target row ends on another scale.
   * false = X and y normalised independently (what the code intends).
   */
  aliasedNormalization: boolean;
  normalization: Normalization;
}

export const PREDICTIVE_RING_DEFAULTS: PredictiveRingOptions = {
  nSamples: 10,
  inputDim: 25,
  arenaSize: 120,
  fov: 30,
  stepFactor: 20,
  texture: 'code',
  aliasedNormalization: true,
  normalization: 'symmetric',
};

/** Everything before the final normalisation, for tests and figures. */
export interface PredictiveRingRaw {
  options: PredictiveRingOptions;
  /** The texture after smoothing and min_max_norm (arenaSize+1 values for 'code', arenaSize for 'periodic'). */
  texture: Float64Array;
  /** Unwrapped cumulative positions, n+1 values. */
  cumulative: Float64Array;
  /** (n+1) × inputDim texture windows; X = rows 0..n−1, y = rows 1..n. */
  windows: Float64Array;
}

export function simulatePredictiveRing(options: Partial<PredictiveRingOptions>, rng: DataRandom): PredictiveRingRaw {
  const o = withDefaults(PREDICTIVE_RING_DEFAULTS, options, 'predictive-ring');
  assertPositiveInt('nSamples', o.nSamples);
  assertPositiveInt('inputDim', o.inputDim);
  assertPositiveInt('arenaSize', o.arenaSize);
  assertPositive('fov', o.fov);
  assertPositive('stepFactor', o.stepFactor);
  const L = o.arenaSize;
  const n = o.nSamples;
  const d = o.inputDim;
  const periodic = o.texture === 'periodic';

  const raw = uniformArray(rng, periodic ? L : L + 1);
  const texture = minMaxNorm(gaussianFilter1d(raw, L / o.fov, periodic ? 'wrap' : 'reflect'), o.normalization);
  // Periodic reading: append the first value at coordinate L so interpolation closes the ring.
  const lookup = periodic ? Float64Array.from([...texture, texture[0]]) : texture;

  const stepSize = (L / n) * o.stepFactor;
  const steps = uniformArray(rng, n + 1);
  const cumulative = new Float64Array(n + 1);
  cumulative[0] = steps[0] * stepSize;
  for (let i = 1; i <= n; i++) cumulative[i] = cumulative[i - 1] + steps[i] * stepSize;

  const offsets = linspace(0, o.fov, d);
  const windows = new Float64Array((n + 1) * d);
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j < d; j++) windows[i * d + j] = interp1dLinear(pyMod(cumulative[i] + offsets[j], L), lookup);
  }
  return { options: o, texture, cumulative, windows };
}

/** Normalise a simulated ring into TaskData, reproducing the code's in-place aliasing unless disabled. */
export function predictiveRingData(raw: PredictiveRingRaw): TaskData {
  const o = raw.options;
  const n = o.nSamples;
  const d = o.inputDim;
  const t = Float64Array.from(raw.windows);
  // subarray = view (the code's X[:-1], X[1:]); slice = copy.
  const xv = o.aliasedNormalization ? t.subarray(0, n * d) : t.slice(0, n * d);
  const yv = o.aliasedNormalization ? t.subarray(d, (n + 1) * d) : t.slice(d, (n + 1) * d);
  const x = minMaxNorm(xv, o.normalization);
  const y = minMaxNorm(yv, o.normalization);
  const position = new Float64Array(n);
  for (let i = 0; i < n; i++) position[i] = pyMod(raw.cumulative[i], o.arenaSize);
  return {
    id: 'predictive-ring',
    n,
    inputDim: d,
    outputDim: d,
    x,
    y,
    position,
    state: {},
    directional: false,
  };
}

/** 'predictive-ring' data for the given options, drawing from rng in the code's order (texture, then steps). */
export function makePredictiveRing(options: Partial<PredictiveRingOptions>, rng: DataRandom): TaskData {
  return predictiveRingData(simulatePredictiveRing(options, rng));
}
