// The fused steppers on the wasm kernels: WasmFusedStepper runs fusedRun (every per-step random number drawn in
// the kernel); RingFusedStepper runs fusedRunRing, its update noise — and, when that keeps the writer ahead,
// its dropout masks — drawn ahead by a noise thread into a ring (decision 27). createWasmFusedStepper
// (fused-stepper.ts) lays out the plan and picks one.

import type { DType, FloatArray, FusableOp, FusedPlan, FusedStepper, MlpSpec } from '@driftlab/core';
import type { Arena } from './arena';
import { type DtypeKernels, type SharedKernelExports, compiledKernels, dtypeKernels } from './kernels';
import { type NoiseThread, type NoiseWorkerMasks, RING_FIELDS, R_DATA, R_FLAGS, R_K, R_MASKS, R_SLOT, ringSlots, startNoiseThread } from './noise-thread';
import type { Workspace } from './workspace';

export interface WasmStepperState {
  /** One velocity buffer per momentum op, in plan order. */
  momentum: FloatArray[];
}

export class WasmFusedStepper implements FusedStepper {
  private readonly kern: DtypeKernels;
  private readonly momentumPtrs: number[] = [];

  constructor(
    protected readonly arena: Arena,
    protected readonly ws: Workspace,
    protected readonly planPtr: number,
    protected readonly dtype: DType,
    private readonly params: FloatArray,
    momentumPtrs: number[],
  ) {
    this.kern = dtypeKernels(arena.k, dtype);
    this.momentumPtrs = momentumPtrs;
  }

  run(from: number, count: number): number {
    if (count <= 0) return NaN;
    const P = this.params.length;
    this.arena.floats(this.dtype, this.ws.theta, P).set(this.params);
    const loss = this.steps(from, count);
    this.params.set(this.arena.floats(this.dtype, this.ws.theta, P));
    return loss;
  }

  protected steps(from: number, count: number): number {
    return this.kern.fusedRun(this.ws.ctx, this.planPtr, from, count);
  }

  state(): WasmStepperState {
    const P = this.params.length;
    return { momentum: this.momentumPtrs.map((p) => this.arena.floats(this.dtype, p, P).slice()) };
  }

  restore(state: unknown): void {
    const s = state as WasmStepperState;
    if (!s || !Array.isArray(s.momentum) || s.momentum.length !== this.momentumPtrs.length) {
      throw new Error('wasm fused stepper: state does not match this plan');
    }
    this.momentumPtrs.forEach((p, i) => this.arena.floats(this.dtype, p, this.params.length).set(s.momentum[i]));
  }
}

/** The fused stepper whose update noise comes from a noise thread's ring (assembly/ring.ts). */
export class RingFusedStepper extends WasmFusedStepper {
  private next = NaN;
  private disposed = false;
  constructor(
    arena: Arena,
    ws: Workspace,
    planPtr: number,
    dtype: DType,
    params: FloatArray,
    momentumPtrs: number[],
    private readonly ring: number,
    private readonly thread: NoiseThread,
  ) {
    super(arena, ws, planPtr, dtype, params, momentumPtrs);
  }

  protected override steps(from: number, count: number): number {
    if (this.disposed) throw new Error('wasm fused stepper: used after dispose()');
    const k = this.arena.k as SharedKernelExports;
    const runRing = this.dtype === 'float64' ? k.fusedRunRing64 : k.fusedRunRing32;
    if (from !== this.next) this.thread.restart(from);
    let done = 0;
    let stalledSince = 0;
    while (done < count) {
      const ran = runRing(this.ws.ctx, this.planPtr, this.ring, from + done, count - done);
      done += ran;
      if (done < count) {
        // A slot did not come within the kernel's spin budget: the writer is slow (a busy machine) or dead.
        this.thread.check();
        if (ran > 0 || !stalledSince) stalledSince = Date.now();
        else if (Date.now() - stalledSince > 60_000) throw new Error('the noise thread made no progress for 60 s');
      }
    }
    this.next = from + count;
    return this.arena.f64(this.ring + 32, 1)[0];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.thread.stop();
  }
}

/**
 * Whether a noise thread should draw the dropout masks too: wherever the slower of the two threads is then
 * faster than with the masks on the stepper. Per step, the writer spends ≈ 2.5 ns a normal, 4.5 ns a mask entry
 * and 0.05 ns a byte copied into the ring; the stepper's gradient runs at ≈ 15 GFLOP/s and its own mask draws
 * cost the same 4.5 ns an entry (measured on the bench nets, docs/benchmarks.md). With the 32 MiB ring both bench
 * nets move their node masks (generality 1.54–1.56× over in-kernel draws against 1.38–1.42× on the stepper, fig2
 * 1.38× against 1.01×); a net with little arithmetic per step, whose writer is already the slower thread, keeps
 * them on the stepper.
 */
export function masksOnNoiseThread(spec: MlpSpec, n: number, ns: number, dropConnect: boolean, bytesPerEntry: number): boolean {
  const D = spec.inputDim;
  const H = spec.hidden[0];
  const O = spec.outputDim;
  const P = H * (D + 1) + O * H + (spec.outputBias ? O : 0);
  const masks = dropConnect ? H * D : n * H;
  const writer = 2.5 * P + 0.05 * 4 * P;
  const maskCost = 4.5 * masks;
  const maskCopy = 0.05 * (dropConnect ? H * D : H * ns) * bytesPerEntry;
  const stepper = (2 * n * (2 * D * H + 3 * H * O)) / 15;
  return Math.max(writer + maskCost + maskCopy, stepper) < Math.max(writer, stepper + maskCost);
}

/**
 * A RingFusedStepper over the plan already laid out at planPtr: the ring (K slots of the step's raw float32
 * normals, then its dropout masks if the writer draws them; about ringBytes in all) and its noise thread.
 * `masksOnThread` overrides masksOnNoiseThread (tests).
 */
export function ringStepper(
  arena: Arena, ws: Workspace, planPtr: number, dtype: DType, params: FloatArray, momentumPtrs: number[],
  spec: MlpSpec, plan: FusedPlan, masksOnThread?: boolean, ringBytes?: number,
): RingFusedStepper {
  const sz = dtype === 'float64' ? 8 : 4;
  const D = spec.inputDim;
  const drop = plan.activation[0];
  const op = plan.updates.find((u) => u.op === 'gaussian-noise') as FusableOp & { stream: { key0: number; key1: number } };
  const zBytes = 4 * Math.ceil(ws.P / 32) * 32; // raw float32 normals, whole blocks of 32
  // With dropout the writer may also draw each step's masks, after the normals in the slot (ring.ts), when that
  // keeps it ahead of the stepper (masksOnNoiseThread).
  let masksData: NoiseWorkerMasks | undefined;
  const mb = plan.batch.find((b) => b.op === 'minibatch');
  const n = mb?.op === 'minibatch' ? mb.batchSize : plan.data.n;
  if (drop?.op === 'dropout' && (masksOnThread ?? masksOnNoiseThread(spec, n, ws.ns, drop.dropConnect, sz))) {
    const H = spec.hidden[0];
    const bytes = (drop.dropConnect ? Math.ceil((H * D) / 16) * 16 : H * ws.ns) * sz;
    masksData = {
      dropConnect: drop.dropConnect, float64: dtype === 'float64', H, n, ns: ws.ns, D,
      rate: drop.rate, keep: 1 / (1 - drop.rate), key0: drop.stream.key0, key1: drop.stream.key1, bytes,
    };
  }
  const slotBytes = zBytes + (masksData ? Math.ceil(masksData.bytes / 16) * 16 : 0);
  const K = ringSlots(slotBytes, ringBytes);
  const ring = arena.alloc(RING_FIELDS * 4);
  const flags = arena.alloc(K * 4);
  const slots = arena.alloc(K * slotBytes);
  const r = arena.i32(ring, RING_FIELDS);
  r[R_K] = K;
  r[R_SLOT] = slotBytes;
  r[R_DATA] = slots;
  r[R_FLAGS] = flags;
  r[R_MASKS] = masksData ? zBytes : 0;
  arena.i32(flags, K).fill(-1);
  const thread = startNoiseThread({ module: compiledKernels(), memory: arena.k.memory, ring, n: ws.P, key0: op.stream.key0, key1: op.stream.key1, masks: masksData });
  return new RingFusedStepper(arena, ws, planPtr, dtype, params, momentumPtrs, ring, thread);
}
