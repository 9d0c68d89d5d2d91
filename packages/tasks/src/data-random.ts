// Where task data gets its random numbers: one SequentialRandom on the run's 'data' stream, drawn in
// the order DriftReg's make_data.py draws from np.random (so options that the code ignores for a draw
// leave the other draws untouched, exactly as there).

import { SequentialRandom, type PluginContext } from '@driftlab/core';

/** The draws a generator needs; SequentialRandom fits, and tests may pass a scripted source. */
export interface DataRandom {
  /** Uniform in [0, 1) (np.random.random / uniform). */
  uniform(): number;
  /** Standard normal (np.random.randn / normal). */
  normal(): number;
}

/** The generator's source for a plugin: SequentialRandom over ctx.stream('data'), block 0. */
export function dataRandom(ctx: PluginContext): SequentialRandom {
  return new SequentialRandom(ctx.stream('data'));
}

/** n uniform draws in order (row-major when the array is a matrix, like np.random.random). */
export function uniformArray(rng: DataRandom, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.uniform();
  return out;
}

/** n standard normal draws in order (np.random.randn). */
export function normalArray(rng: DataRandom, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** Positions 0, 1, …, n−1 (abstract tasks use the sample index as position). */
export function sampleIndex(n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
