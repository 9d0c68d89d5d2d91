// Fused steps that take their Gaussian update noise from a ring filled ahead by a second thread
// (src/wasm/noise-thread.ts), so drawing the noise overlaps the gradient. Built only into kernels-shared.wasm
// (shared memory, atomics). The draws are counter-based, noise(step) is the same whoever computes it, so the
// trajectory is bit-identical to fusedRun's.
//
// Ring block (i32 fields, JS mirrors them in src/wasm/noise-thread.ts):
//   K slots of SLOT bytes from DATA; FLAGS[k] = the step whose noise slot k holds (−1: none or being written);
//   CONSUMED = the next step the stepper needs (the writer may fill steps < CONSUMED + K); SLEEPING = 1 while the
//   writer waits on CONSUMED (then the stepper notifies it); the rest is the JS-side restart handshake.

import { MK_HIDDEN, MK_WEIGHT } from './dropout';
import { C_THETA, lossGrad, ptr } from './mlp';
import { applyUpdates, drawMasks, F_DROP, F_MASKS, runBatchOps } from './fused';

export const R_K = 0;
export const R_SLOT = 1;
export const R_DATA = 2;
export const R_FLAGS = 3;
export const R_CONSUMED = 4;
export const R_SLEEPING = 5;
export const R_LOSS = 8; // f64 at byte 32: loss of the last step run
export const R_MASKS = 13; // byte offset of the step's dropout masks in a slot, after its normals (0: none)

/** Spins before giving up on a slot and returning to JS (which checks that the writer is alive). */
const SPIN_LIMIT: i32 = 1 << 22;

@inline function ringField(ring: usize, i: i32): usize {
  return ring + (<usize>i << 2);
}

/** The slot holding step's noise once the writer has published it, or 0 after SPIN_LIMIT polls. */
function waitSlot(ring: usize, step: i32): usize {
  const k = load<i32>(ringField(ring, R_K));
  const slot = step % k;
  const flag = ptr(ring, R_FLAGS) + (<usize>slot << 2);
  for (let spins = 0; spins < SPIN_LIMIT; spins++) {
    if (atomic.load<i32>(flag) == step) return ptr(ring, R_DATA) + <usize>slot * <usize>load<i32>(ringField(ring, R_SLOT));
  }
  return 0;
}

/**
 * Steps [from, from + count) with the update noise (and dropout masks, when the writer draws them) from the
 * ring; returns how many ran (fewer than count only when a slot did not arrive in time). The loss of the last
 * step run is stored at ring + 32.
 */
export function fusedRunRing<T>(ctx: usize, plan: usize, ring: usize, from: i32, count: i32): i32 {
  const theta = ptr(ctx, C_THETA);
  const consumed = ringField(ring, R_CONSUMED);
  const maskAt = <usize>load<i32>(ringField(ring, R_MASKS));
  for (let step = from; step < from + count; step++) {
    const y = runBatchOps<T>(ctx, plan, step);
    let loss: f64 = 0;
    let slot: usize = 0;
    if (maskAt) {
      // The masks come with the slot: wait for it first, then point the masks block at them.
      slot = waitSlot(ring, step);
      if (!slot) return step - from;
      const masks = ptr(plan, F_MASKS);
      const field = load<i32>(ptr(plan, F_DROP), 4) ? MK_WEIGHT : MK_HIDDEN;
      store<i32>(masks + (<usize>field << 2), <i32>(slot + maskAt));
      loss = lossGrad<T>(ctx, theta, y, masks);
    } else {
      loss = lossGrad<T>(ctx, theta, y, drawMasks<T>(ctx, plan, step));
      slot = waitSlot(ring, step);
      if (!slot) return step - from;
    }
    applyUpdates<T>(ctx, plan, step, slot);
    store<f64>(ring, loss, R_LOSS << 2);
    atomic.store<i32>(consumed, step + 1);
    if (atomic.load<i32>(ringField(ring, R_SLEEPING))) atomic.notify(consumed, 1);
  }
  return count;
}
