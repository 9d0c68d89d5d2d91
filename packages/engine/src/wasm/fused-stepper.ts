// FusedStepper on the wasm kernels: translates a core FusedPlan into the op records of assembly/fused.ts and
// runs many steps per call. Ops the kernels fuse: minibatch (without replacement), label noise (uniform or
// Gaussian), one dropout op (node dropout or DropConnect; masks drawn in the kernel), the gradient source,
// Gaussian update noise, scale, momentum (heavy ball or Nesterov). Any other op makes createWasmFusedStepper
// return null, and the loop takes its generic path.

import type { DType, FloatArray, FusableOp, FusedPlan, FusedStepper, MlpSpec } from '@driftlab/core';
import { Arena } from './arena';
import { instantiateKernels, instantiateSharedKernels } from './kernels';
import { WasmFusedStepper, ringStepper } from './steppers';
import { Workspace } from './workspace';

export { type WasmStepperState, masksOnNoiseThread } from './steppers';

// Plan block fields and op codes (assembly/fused.ts).
const F_NBATCH = 0;
const F_BATCH = 1;
const F_NUPD = 2;
const F_UPD = 3;
const F_NOISE = 4;
const F_FULLX = 5;
const F_FULLY = 6;
const F_NFULL = 7;
const F_ROWS = 8;
const F_PERM = 9;
const F_SWAPS = 10;
const F_BX = 11;
const F_BY = 12;
const F_YN = 13;
const F_D = 15;
const F_O = 16;
const F_DROP = 17;
const F_MASKS = 18;
const F_FIELDS = 19;
const OP_NOISE = 1;
const OP_SCALE = 2;
const OP_MOMENTUM = 3;
const OP_MINIBATCH = 10;
const OP_LABEL_UNIFORM = 11;
const OP_LABEL_GAUSSIAN = 12;
const OP_DROPOUT = 20;
const OP_BYTES = 32;

/** Why the kernels cannot fuse this plan, or null when they can. */
export function unfusableReason(plan: FusedPlan): string | null {
  if (plan.source.op !== 'gradient') return `source "${plan.source.op}"`;
  if (plan.activation.length > 1) return `${plan.activation.length} activation ops (the kernels fuse one)`;
  if (plan.activation.length && plan.activation[0].op !== 'dropout') return `activation op "${plan.activation[0].op}"`;
  let minibatches = 0;
  for (const op of plan.batch) {
    if (op.op === 'minibatch') {
      minibatches++;
      if (op.batchSize > plan.data.n) return `minibatch of ${op.batchSize} > ${plan.data.n} rows`;
    } else if (op.op !== 'label-noise') return `batch op "${op.op}"`;
  }
  if (minibatches > 1) return 'more than one minibatch op';
  for (const op of plan.updates) {
    if (op.op !== 'gaussian-noise' && op.op !== 'scale' && op.op !== 'momentum') return `update op "${op.op}"`;
  }
  return null;
}

export interface WasmStepperOptions {
  /**
   * Draw the Gaussian update noise of the coming steps on a second thread (Node; plans with one
   * gaussian-noise update). Same numbers, bit for bit; worth it for a single run when a core is free.
   */
  noiseThread?: boolean;
  /** With a noise thread and dropout: whether it draws the masks too (default: masksOnNoiseThread decides). */
  noiseThreadMasks?: boolean;
  /** With a noise thread: bytes of ring it may fill ahead (default RING_BYTES, 32 MiB; at least 8 steps). */
  noiseRingBytes?: number;
}

/** Why the plan cannot use a noise thread, or null when it can. */
export function noiseThreadUnsupportedReason(plan: FusedPlan): string | null {
  const n = plan.updates.filter((op) => op.op === 'gaussian-noise').length;
  if (n !== 1) return `the plan has ${n} gaussian-noise update ops (the noise thread serves exactly one)`;
  if (typeof process === 'undefined' || !process.versions?.node) return 'not in Node';
  return null;
}


/**
 * The stepper for `plan` on a fresh kernel instance, or null if the plan has an op the kernels do not fuse.
 * With `noiseThread`, a plan the noise thread cannot serve throws (the caller asked for it explicitly).
 */
export function createWasmFusedStepper(
  spec: MlpSpec,
  dtype: DType,
  params: FloatArray,
  plan: FusedPlan,
  options: WasmStepperOptions = {},
): FusedStepper | null {
  if (unfusableReason(plan)) return null;
  if (options.noiseThread) {
    const why = noiseThreadUnsupportedReason(plan);
    if (why) throw new Error(`noiseThread: ${why}; turn noiseThread off for this run`);
  }
  const arena = new Arena(options.noiseThread ? instantiateSharedKernels() : instantiateKernels());
  const { data } = plan;
  const D = spec.inputDim;
  const O = spec.outputDim;
  const N = data.n;
  if (data.x.length !== N * D || data.y.length !== N * O) throw new Error('wasm fused stepper: plan.data does not match the model');
  const ws = new Workspace(arena, spec, dtype, N);
  const sz = dtype === 'float64' ? 8 : 4;
  const floats = (len: number) => arena.alloc(len * sz);
  const keySchedule = (op: FusableOp & { stream: { key0: number; key1: number } }) => {
    const ks = arena.alloc(128);
    arena.k.writeKeySchedule(ks, op.stream.key0, op.stream.key1);
    return ks;
  };
  const plan32 = arena.alloc(F_FIELDS * 4);
  const fields = () => arena.i32(plan32, F_FIELDS);
  const fullX = floats(N * D);
  const fullY = floats(N * O);
  arena.floats(dtype, fullX, N * D).set(data.x);
  arena.floats(dtype, fullY, N * O).set(data.y);
  const noise = arena.alloc(8 * (Math.max(ws.P16, Math.ceil((N * O) / 16) * 16) + 16));
  const batchOps = arena.alloc(Math.max(1, plan.batch.length) * OP_BYTES);
  const updOps = arena.alloc(Math.max(1, plan.updates.length) * OP_BYTES);
  const momentumPtrs: number[] = [];
  let rows = 0, perm = 0, swaps = 0, bx = 0, by = 0, yn = 0;
  plan.batch.forEach((op, i) => {
    const at = batchOps + i * OP_BYTES;
    if (op.op === 'minibatch') {
      rows = arena.alloc(op.batchSize * 4);
      perm = arena.alloc(N * 4);
      swaps = arena.alloc(op.batchSize * 4);
      bx = floats(op.batchSize * D);
      by = floats(op.batchSize * O);
      const p = arena.i32(perm, N);
      for (let r = 0; r < N; r++) p[r] = r;
      const ks = keySchedule(op);
      const rec = arena.i32(at, 4);
      rec[0] = OP_MINIBATCH;
      rec[1] = op.batchSize;
      rec[2] = ks;
    } else if (op.op === 'label-noise') {
      if (!yn) yn = floats(N * O);
      const ks = keySchedule(op);
      const rec = arena.i32(at, 4);
      rec[0] = op.distribution === 'uniform' ? OP_LABEL_UNIFORM : OP_LABEL_GAUSSIAN;
      rec[2] = ks;
      arena.f64(at + 16, 1)[0] = op.scale;
    }
  });
  plan.updates.forEach((op, i) => {
    const at = updOps + i * OP_BYTES;
    // Allocate first: growing the memory detaches views made before.
    const ks = op.op === 'gaussian-noise' ? keySchedule(op) : 0;
    const buf = op.op === 'momentum' ? floats(ws.P16) : 0;
    const rec = arena.i32(at, 4);
    const value = arena.f64(at + 16, 1);
    if (op.op === 'gaussian-noise') {
      rec[0] = OP_NOISE;
      rec[2] = ks;
      value[0] = op.std;
    } else if (op.op === 'scale') {
      rec[0] = OP_SCALE;
      value[0] = op.factor;
    } else if (op.op === 'momentum') {
      momentumPtrs.push(buf);
      rec[0] = OP_MOMENTUM;
      rec[1] = op.nesterov ? 1 : 0;
      rec[2] = buf;
      value[0] = op.beta;
    }
  });
  let dropRec = 0;
  let masks = 0;
  const drop = plan.activation[0];
  if (drop?.op === 'dropout') {
    const ks = keySchedule(drop);
    masks = ws.masks(!drop.dropConnect, drop.dropConnect).block;
    dropRec = arena.alloc(OP_BYTES);
    const rec = arena.i32(dropRec, 4);
    rec[0] = OP_DROPOUT;
    rec[1] = drop.dropConnect ? 1 : 0;
    rec[2] = ks;
    // keep as rules-dropout computes it (float32 rounds it on store, in the kernel as in the TS masks).
    arena.f64(dropRec + 16, 2).set([drop.rate, 1 / (1 - drop.rate)]);
  }
  const f = fields();
  f[F_NBATCH] = plan.batch.length;
  f[F_BATCH] = batchOps;
  f[F_NUPD] = plan.updates.length;
  f[F_UPD] = updOps;
  f[F_NOISE] = noise;
  f[F_FULLX] = fullX;
  f[F_FULLY] = fullY;
  f[F_NFULL] = N;
  f[F_ROWS] = rows;
  f[F_PERM] = perm;
  f[F_SWAPS] = swaps;
  f[F_BX] = bx;
  f[F_BY] = by;
  f[F_YN] = yn;
  f[F_D] = D;
  f[F_O] = O;
  f[F_DROP] = dropRec;
  f[F_MASKS] = masks;
  if (!options.noiseThread) return new WasmFusedStepper(arena, ws, plan32, dtype, params, momentumPtrs);
  return ringStepper(arena, ws, plan32, dtype, params, momentumPtrs, spec, plan, options.noiseThreadMasks, options.noiseRingBytes);
}
