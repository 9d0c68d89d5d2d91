// Heavy-ball and Nesterov momentum in PyTorch's SGD convention (dampening 0, lr applied afterwards):
//   buf ← β·buf + g;  step direction = g + β·buf (Nesterov) or buf (heavy ball).
// The first step gives buf = g, the same as PyTorch's "buf = clone(g)" when dampening is 0.

import type { FloatArray, UpdateTransform } from '@driftlab/core';

/** Serialisable momentum state: the velocity buffer, same dtype and length as the parameters. */
export interface MomentumState {
  buf: FloatArray;
}

function heavyBallF64(g: Float64Array, buf: Float64Array, beta: number): void {
  for (let i = 0; i < g.length; i++) {
    const b = beta * buf[i] + g[i];
    buf[i] = b;
    g[i] = b;
  }
}
function heavyBallF32(g: Float32Array, buf: Float32Array, beta: number): void {
  for (let i = 0; i < g.length; i++) {
    const b = beta * buf[i] + g[i];
    buf[i] = b;
    g[i] = b;
  }
}
function nesterovF64(g: Float64Array, buf: Float64Array, beta: number): void {
  for (let i = 0; i < g.length; i++) {
    const b = beta * buf[i] + g[i];
    buf[i] = b;
    g[i] = g[i] + beta * b;
  }
}
function nesterovF32(g: Float32Array, buf: Float32Array, beta: number): void {
  for (let i = 0; i < g.length; i++) {
    const b = beta * buf[i] + g[i];
    buf[i] = b;
    g[i] = g[i] + beta * b;
  }
}

/**
 * Momentum at the optimizer stage: turns the gradient into the momentum direction, in place. Put scale(−lr)
 * after it. The state buffer is updated in place and returned (it is the whole state, so it checkpoints as is).
 */
export function momentum(beta: number, nesterov = false): UpdateTransform<MomentumState> {
  if (!(beta >= 0 && beta < 1)) throw new Error(`momentum: beta must be in [0, 1), got ${beta}`);
  return {
    name: nesterov ? 'nesterov' : 'momentum',
    stage: 'optimizer',
    fusable: { op: 'momentum', beta, nesterov },
    init(params: FloatArray): MomentumState {
      return { buf: params instanceof Float64Array ? new Float64Array(params.length) : new Float32Array(params.length) };
    },
    update(updates: FloatArray, state: MomentumState): MomentumState {
      const buf = state.buf;
      if (buf.length !== updates.length) {
        throw new Error(`momentum: state has ${buf.length} entries, updates have ${updates.length}`);
      }
      if (updates instanceof Float64Array && buf instanceof Float64Array) {
        if (nesterov) nesterovF64(updates, buf, beta);
        else heavyBallF64(updates, buf, beta);
      } else if (updates instanceof Float32Array && buf instanceof Float32Array) {
        if (nesterov) nesterovF32(updates, buf, beta);
        else heavyBallF32(updates, buf, beta);
      } else {
        throw new Error('momentum: state and updates have different dtypes');
      }
      return state;
    },
  };
}
