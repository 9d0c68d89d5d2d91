// Activations with their first and second derivatives, elementwise over a buffer (float64).
// ReLU'(0) = 0, as in PyTorch and tfjs (a unit exactly at threshold counts as inactive).

import type { Activation } from '@driftlab/core';

/** h = σ(z), d1 = σ'(z), d2 = σ''(z) (d2 may be null when not needed). */
export function activate(act: Activation, z: Float64Array, h: Float64Array, d1: Float64Array, d2: Float64Array | null): void {
  const n = z.length;
  if (act === 'relu') {
    for (let i = 0; i < n; i++) {
      const on = z[i] > 0;
      h[i] = on ? z[i] : 0;
      d1[i] = on ? 1 : 0;
    }
    if (d2) d2.fill(0);
  } else if (act === 'tanh') {
    for (let i = 0; i < n; i++) {
      const t = Math.tanh(z[i]);
      h[i] = t;
      d1[i] = 1 - t * t;
      if (d2) d2[i] = -2 * t * (1 - t * t);
    }
  } else if (act === 'linear') {
    h.set(z);
    d1.fill(1);
    if (d2) d2.fill(0);
  } else {
    throw new Error(`flatness: unknown activation '${act as string}'`);
  }
}

/** Whether σ'' ≡ 0 (piecewise-linear activations): then every diagonal entry of the residual term is zero. */
export function isPiecewiseLinear(act: Activation): boolean {
  return act === 'relu' || act === 'linear';
}
