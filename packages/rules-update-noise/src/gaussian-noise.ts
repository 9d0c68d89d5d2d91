// addGaussianNoise(σ): updates ← updates + σ·ξ, ξ ~ N(0, I) drawn from (stream, block = step, index = entry).
// DriftReg adds it to the gradient before the learning rate (stage 'gradient'), so the parameter noise is lr·σ.

import type { FloatArray, RandomStream, UpdateStage, UpdateTransform } from '@driftlab/core';

function addF64(u: Float64Array, noise: Float64Array): void {
  for (let i = 0; i < u.length; i++) u[i] += noise[i];
}
function addF32(u: Float32Array, noise: Float32Array): void {
  for (let i = 0; i < u.length; i++) u[i] += noise[i];
}

/**
 * Adds N(0, std²) to every update entry at `stage`. Stateless (state null): the draw at a step depends only on
 * (stream, step, entry index), so a resumed run draws the same noise. Entry i gets std·stream.noise(step, i): the fast per-step transform (RandomStream.fillNoise,
 * float32 Box–Muller on Threefry-2x32-13; docs/decisions/0025), which the wasm kernels reproduce bit for bit.
 */
export function addGaussianNoise(std: number, stream: RandomStream, stage: UpdateStage = 'gradient'): UpdateTransform<null> {
  if (!(std >= 0 && Number.isFinite(std))) throw new Error(`addGaussianNoise: std must be finite and ≥ 0, got ${std}`);
  // Scratch buffers, one per dtype, reused across steps (not state: fully overwritten each step).
  let scratch64: Float64Array | null = null;
  let scratch32: Float32Array | null = null;
  return {
    name: 'update-noise',
    stage,
    fusable: { op: 'gaussian-noise', std, stream },
    init: () => null,
    update(updates: FloatArray, state: null, _params: FloatArray, ctx): null {
      const n = updates.length;
      if (updates instanceof Float64Array) {
        if (scratch64 === null || scratch64.length !== n) scratch64 = new Float64Array(n);
        stream.fillNoise(scratch64, ctx.step, std);
        addF64(updates, scratch64);
      } else {
        if (scratch32 === null || scratch32.length !== n) scratch32 = new Float32Array(n);
        stream.fillNoise(scratch32, ctx.step, std);
        addF32(updates, scratch32);
      }
      return state;
    },
  };
}
