// scale(factor): updates ← factor · updates. Plain GD is scale(−lr) at the optimizer stage.

import type { FloatArray, UpdateStage, UpdateTransform } from '@driftlab/core';

// One kernel per dtype so each call site stays monomorphic.
function scaleF64(u: Float64Array, factor: number): void {
  for (let i = 0; i < u.length; i++) u[i] *= factor;
}
function scaleF32(u: Float32Array, factor: number): void {
  for (let i = 0; i < u.length; i++) u[i] *= factor;
}

/** Multiplies every update entry by `factor`, in place. Stateless (state is null). */
export function scale(factor: number, stage: UpdateStage = 'optimizer'): UpdateTransform<null> {
  if (!Number.isFinite(factor)) throw new Error(`scale: factor must be finite, got ${factor}`);
  return {
    name: 'scale',
    stage,
    fusable: { op: 'scale', factor },
    init: () => null,
    update(updates: FloatArray, state: null): null {
      if (updates instanceof Float64Array) scaleF64(updates, factor);
      else scaleF32(updates, factor);
      return state;
    },
  };
}
