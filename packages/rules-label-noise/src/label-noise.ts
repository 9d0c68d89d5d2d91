// Label noise: each step trains on y + ξ, ξ redrawn for every target entry. DriftReg draws
// ξ = (U − 0.5)·scale, i.e. U(−scale/2, +scale/2) with variance scale²/12 (paper-notes §3.1; the paper's Eq. 7
// calls it Gaussian, so 'gaussian' draws N(0, scale²) instead).
//
// Draw convention (a fused backend must reproduce it): entry i of the batch's y (row-major) at step s gets
//   uniform:  −scale/2 + scale·stream.uniform(s, i)
//   gaussian: scale·stream.noise(s, i)   (the fast per-step transform, RandomStream.fillNoise)
// Index i is the position in the batch this transform receives (after any minibatch selection).

import type { Batch, BatchTransform, FloatArray, RandomStream } from '@driftlab/core';

export type LabelNoiseDistribution = 'uniform' | 'gaussian';

// out ← y + out, one copy per dtype.
function addF64(y: Float64Array, out: Float64Array): void {
  for (let i = 0; i < y.length; i++) out[i] += y[i];
}
function addF32(y: Float32Array, out: Float32Array): void {
  for (let i = 0; i < y.length; i++) out[i] += y[i];
}

/** Writes the noise of `step` into out (dtype of out), then adds y to it. */
function noisyInto(out: FloatArray, y: FloatArray, stream: RandomStream, step: number, dist: LabelNoiseDistribution, scale: number): void {
  if (dist === 'uniform') stream.fillUniform(out, step, -scale / 2, scale / 2);
  else stream.fillNoise(out, step, scale);
  if (out instanceof Float64Array) addF64(y as Float64Array, out);
  else addF32(y as Float32Array, out);
}

/**
 * BatchTransform returning {x (the same array, untouched), y + noise, n}. The noisy-target buffer is reused
 * across steps; the input batch is never modified.
 */
export function labelNoise(scale: number, stream: RandomStream, distribution: LabelNoiseDistribution = 'uniform'): BatchTransform {
  if (!(scale >= 0 && Number.isFinite(scale))) throw new Error(`labelNoise: scale must be finite and ≥ 0, got ${scale}`);
  let buf: FloatArray | null = null;
  return {
    name: 'label-noise',
    fusable: { op: 'label-noise', distribution, scale, stream },
    apply(batch: Batch, step: number): Batch {
      const y = batch.y;
      const is64 = y instanceof Float64Array;
      if (buf === null || buf.length !== y.length || is64 !== buf instanceof Float64Array) {
        buf = is64 ? new Float64Array(y.length) : new Float32Array(y.length);
      }
      noisyInto(buf, y, stream, step, distribution, scale);
      return { x: batch.x, y: buf, n: batch.n };
    },
  };
}
