// WasmMlpEnsemble: E replicas of a one-hidden-layer ReLU MLP on the same data, advanced in lockstep by one
// kernel call, SIMD lanes across replicas (assembly/ensemble.ts). Replicas may differ in initial parameters,
// in their random streams (seeds) and in every numeric hyperparameter of their plans (noise std, learning
// rate, momentum β, label-noise scale, dropout rate); the op kinds and their order must be the same for all
// (a minibatch op of the same batch size; each replica samples its own rows). A replica's
// trajectory is bit-identical to running it alone (as a single fused run or an ensemble of one).

import type { DType, FloatArray, FusableOp, FusedPlan, MlpSpec } from '@driftlab/core';
import { Arena, align } from './arena';
import { instantiateKernels } from './kernels';
import { paramCount, wasmUnsupportedReason } from './workspace';

// Context fields and op codes (assembly/ensemble.ts).
const E_D = 0;
const E_H = 1;
const E_O = 2;
const E_HAS_C = 3;
const E_N = 4;
const E_P = 5;
const E_EP = 6;
const E_THETA = 7;
const E_G = 8;
const E_X = 9;
const E_Y = 10;
const E_HT = 11;
const E_OT = 12;
const E_E = 13;
const E_DH = 14;
const E_YN = 15;
const E_LOSS = 16;
const E_NUPD = 17;
const E_UPD = 18;
const E_NBATCH = 19;
const E_BATCH = 20;
const E_DROP = 21;
const E_WT = 22;
const E_XB = 23;
const E_YB = 24;
const E_FIELDS = 25;
const OP_NOISE = 1;
const OP_SCALE = 2;
const OP_MOMENTUM = 3;
const OP_LABEL_UNIFORM = 11;
const OP_LABEL_GAUSSIAN = 12;
const OP_MINIBATCH = 10;
const OP_DROPOUT = 20;
const OP_BYTES = 32;

export interface EnsembleMember {
  /** Initial parameters (copied). */
  params: FloatArray;
  /** The replica's fused plan (core's FusedPlan): same op kinds in the same order for every member. */
  plan: FusedPlan;
}

/** State for checkpoints: the momentum velocities, [replica][momentum op]. */
export interface EnsembleState {
  momentum: FloatArray[][];
}

function sameData(a: FusedPlan['data'], b: FusedPlan['data']): boolean {
  if (a === b) return true;
  if (a.n !== b.n || a.x.length !== b.x.length || a.y.length !== b.y.length) return false;
  for (let i = 0; i < a.x.length; i++) if (a.x[i] !== b.x[i]) return false;
  for (let i = 0; i < a.y.length; i++) if (a.y[i] !== b.y[i]) return false;
  return true;
}

/** Why these members cannot run as one wasm ensemble, or null. */
export function ensembleUnsupportedReason(spec: MlpSpec, plans: FusedPlan[]): string | null {
  const why = wasmUnsupportedReason(spec);
  if (why) return why;
  if (plans.length === 0) return 'an ensemble needs at least one replica';
  const [first] = plans;
  for (const p of plans) {
    if (p.source.op !== 'gradient') return `source "${p.source.op}"`;
    if (p.activation.length > 1) return `${p.activation.length} activation ops (the kernels fuse one)`;
    if (p.activation.length && p.activation[0].op !== 'dropout') return `activation op "${p.activation[0].op}"`;
    for (const op of p.batch) {
      if (op.op !== 'label-noise' && op.op !== 'minibatch') return `batch op "${op.op}"`;
      if (op.op === 'minibatch' && op.batchSize > p.data.n) return `minibatch of ${op.batchSize} > ${p.data.n} rows`;
    }
    if (p.batch.filter((o) => o.op === 'minibatch').length > 1) return 'more than one minibatch op';
    for (const op of p.updates) {
      if (op.op !== 'gaussian-noise' && op.op !== 'scale' && op.op !== 'momentum') return `update op "${op.op}"`;
    }
    const kind = (o: FusableOp) =>
      o.op === 'momentum' ? `momentum:${o.nesterov}` : o.op === 'label-noise' ? `label:${o.distribution}` : o.op === 'minibatch' ? `minibatch:${o.batchSize}` : o.op;
    const kinds = (ops: FusableOp[]) => ops.map(kind).join(',');
    const drops = (q: FusedPlan) => q.activation.map((o) => (o.op === 'dropout' ? `dropout:${o.dropConnect}` : o.op)).join(',');
    if (kinds(p.batch) !== kinds(first.batch) || kinds(p.updates) !== kinds(first.updates) || drops(p) !== drops(first)) {
      return 'replicas must have the same ops in the same order';
    }
    if (!sameData(p.data, first.data)) return 'replicas must train on the same data';
  }
  return null;
}

export class WasmMlpEnsemble {
  readonly size: number;
  readonly nParams: number;
  private readonly arena: Arena;
  private readonly ctx: number;
  private readonly ep: number;
  private readonly theta: number;
  /** Replicas per vector: 2 (float64) or 4 (float32). */
  private readonly lanes: number;
  private readonly loss: number;
  private readonly momentum: number[] = [];
  private readonly run_: (ctx: number, from: number, count: number) => void;

  constructor(
    readonly spec: MlpSpec,
    readonly dtype: DType,
    members: EnsembleMember[],
  ) {
    const plans = members.map((m) => m.plan);
    const why = ensembleUnsupportedReason(spec, plans);
    if (why) throw new Error(`wasm ensemble: ${why}`);
    this.size = members.length;
    const D = spec.inputDim;
    const H = spec.hidden[0];
    const O = spec.outputDim;
    const P = (this.nParams = paramCount(spec));
    const { data } = plans[0];
    const n = data.n;
    const ep = (this.ep = align(this.size, 4));
    const sz = dtype === 'float64' ? 8 : 4;
    this.lanes = 16 / sz;
    const a = (this.arena = new Arena(instantiateKernels()));
    this.run_ = dtype === 'float64' ? a.k.ensembleRun64 : a.k.ensembleRun32;
    const P8 = align(P, 8);
    const nO8 = align(n * O, 8);

    // Allocate everything first (growing the memory detaches older views), then fill.
    this.ctx = a.alloc(E_FIELDS * 4);
    this.theta = a.alloc(P * ep * sz);
    const g = a.alloc(P8 * 16);
    const x = a.alloc(n * D * sz);
    const y = a.alloc(n * O * sz);
    const ht = a.alloc(H * n * 16);
    const ot = a.alloc(O * n * 16);
    const ee = a.alloc(n * O * 16);
    const dh = a.alloc(H * n * 16);
    const yn = a.alloc(n * O * 16);
    this.loss = a.alloc(ep * 8);
    const [first] = plans;
    const upd = a.alloc(Math.max(1, first.updates.length) * OP_BYTES);
    const bat = a.alloc(Math.max(1, first.batch.length) * OP_BYTES);
    const keyScratch = a.alloc(32);
    type Rec = { at: number; code: number; a: number; b: number; c: number; d: number; e?: number; f?: number };
    const recs: Rec[] = [];
    const values = (pick: (p: FusedPlan) => number) => {
      const at = a.alloc(ep * 8);
      const v = a.f64(at, ep);
      plans.forEach((p, r) => (v[r] = pick(p)));
      return at;
    };
    const schedules = (stream: (p: FusedPlan) => { key0: number; key1: number }) => {
      const ks = a.alloc((ep / 4) * 128);
      for (let q = 0; q < ep / 4; q++) {
        const keys = a.i32(keyScratch, 8);
        keys.fill(0);
        for (let l = 0; l < 4 && 4 * q + l < this.size; l++) {
          const s = stream(plans[4 * q + l]);
          keys[l] = s.key0 | 0;
          keys[4 + l] = s.key1 | 0;
        }
        a.k.writeLaneKeySchedule(ks + q * 128, keyScratch);
      }
      return ks;
    };
    first.updates.forEach((op, k) => {
      const at = upd + k * OP_BYTES;
      const pick = <T extends FusableOp>(p: FusedPlan) => p.updates[k] as T;
      if (op.op === 'gaussian-noise') {
        const ks = schedules((p) => pick<typeof op>(p).stream);
        const buf = a.alloc(P8 * 32);
        recs.push({ at, code: OP_NOISE, a: 0, b: ks, c: buf, d: values((p) => pick<typeof op>(p).std) });
      } else if (op.op === 'scale') {
        recs.push({ at, code: OP_SCALE, a: 0, b: 0, c: 0, d: values((p) => pick<typeof op>(p).factor) });
      } else if (op.op === 'momentum') {
        const buf = a.alloc(P * ep * sz);
        this.momentum.push(buf);
        recs.push({ at, code: OP_MOMENTUM, a: op.nesterov ? 1 : 0, b: 0, c: buf, d: values((p) => pick<typeof op>(p).beta) });
      }
    });
    let xb = 0;
    let yb = 0;
    first.batch.forEach((op, k) => {
      const at = bat + k * OP_BYTES;
      if (op.op === 'minibatch') {
        // Rows are drawn per quad (uniforms of four streams in the lanes), then per replica as rules-sgd does.
        const kb = op.batchSize;
        const ks = schedules((p) => (p.batch[k] as typeof op).stream);
        const u = a.alloc(kb * 32);
        const rows = a.alloc(ep * kb * 4);
        const perm = a.alloc(n * 4);
        const swaps = a.alloc(kb * 4);
        xb = a.alloc(kb * D * 16);
        yb = a.alloc(kb * O * 16);
        const identity = a.i32(perm, n);
        for (let r = 0; r < n; r++) identity[r] = r;
        recs.push({ at, code: OP_MINIBATCH, a: kb, b: ks, c: u, d: rows, e: perm, f: swaps });
        return;
      }
      if (op.op !== 'label-noise') return;
      const pick = (p: FusedPlan) => p.batch[k] as typeof op;
      const ks = schedules((p) => pick(p).stream);
      const buf = a.alloc(nO8 * 32);
      const code = op.distribution === 'uniform' ? OP_LABEL_UNIFORM : OP_LABEL_GAUSSIAN;
      recs.push({ at, code, a: 0, b: ks, c: buf, d: values((p) => pick(p).scale) });
    });

    let drop = 0;
    let wt = 0;
    const dropOp = first.activation[0];
    if (dropOp?.op === 'dropout') {
      const pick = (p: FusedPlan) => p.activation[0] as typeof dropOp;
      drop = a.alloc(OP_BYTES);
      const count = dropOp.dropConnect ? H * D : n * H;
      const ks = schedules((p) => pick(p).stream);
      const buf = a.alloc(align(count, 4) * 32);
      if (dropOp.dropConnect) wt = a.alloc(H * D * 16);
      // keep as rules-dropout computes it, per replica (float32 rounds it when the lanes are converted).
      const rate = values((p) => pick(p).rate);
      recs.push({ at: drop, code: OP_DROPOUT, a: dropOp.dropConnect ? 1 : 0, b: ks, c: buf, d: rate, e: values((p) => 1 / (1 - pick(p).rate)) });
    }
    for (const r of recs) a.i32(r.at, 7).set([r.code, r.a, r.b, r.c, r.d, r.e ?? 0, r.f ?? 0]);
    a.floats(dtype, x, n * D).set(data.x);
    a.floats(dtype, y, n * O).set(data.y);
    const f = a.i32(this.ctx, E_FIELDS);
    f[E_D] = D;
    f[E_H] = H;
    f[E_O] = O;
    f[E_HAS_C] = spec.outputBias ? 1 : 0;
    f[E_N] = n;
    f[E_P] = P;
    f[E_EP] = ep;
    f[E_THETA] = this.theta;
    f[E_G] = g;
    f[E_X] = x;
    f[E_Y] = y;
    f[E_HT] = ht;
    f[E_OT] = ot;
    f[E_E] = ee;
    f[E_DH] = dh;
    f[E_YN] = yn;
    f[E_LOSS] = this.loss;
    f[E_NUPD] = first.updates.length;
    f[E_UPD] = upd;
    f[E_NBATCH] = first.batch.length;
    f[E_BATCH] = bat;
    f[E_DROP] = drop;
    f[E_WT] = wt;
    f[E_XB] = xb;
    f[E_YB] = yb;
    members.forEach((m, r) => this.setParams(r, m.params));
  }

  /** Runs steps [from, from + count) of every replica; returns each replica's training loss of the last step. */
  run(from: number, count: number): Float64Array {
    if (count > 0) this.run_(this.ctx, from, count);
    return this.arena.f64(this.loss, this.size).slice();
  }

  /** Replica r's parameters (a copy, or written into out). */
  getParams(r: number, out?: FloatArray): FloatArray {
    this.checkReplica(r);
    return this.read(this.theta, r, out);
  }

  setParams(r: number, params: FloatArray): void {
    this.checkReplica(r);
    if (params.length !== this.nParams) throw new Error(`params has length ${params.length}, expected ${this.nParams}`);
    this.write(this.theta, r, params);
  }

  state(): EnsembleState {
    return { momentum: Array.from({ length: this.size }, (_, r) => this.momentum.map((buf) => this.read(buf, r))) };
  }

  restore(state: EnsembleState): void {
    if (!state || state.momentum.length !== this.size) throw new Error('wasm ensemble: state does not match this ensemble');
    state.momentum.forEach((bufs, r) => {
      if (bufs.length !== this.momentum.length) throw new Error('wasm ensemble: state does not match this ensemble');
      bufs.forEach((m, k) => this.write(this.momentum[k], r, m));
    });
  }

  /** Entry i of replica r in a group-major buffer: group ⌊r/L⌋ holds P vectors of L lanes. */
  private read(buf: number, r: number, out?: FloatArray): FloatArray {
    const P = this.nParams;
    const L = this.lanes;
    const res = out ?? (this.dtype === 'float64' ? new Float64Array(P) : new Float32Array(P));
    const v = this.arena.floats(this.dtype, buf, P * this.ep);
    const base = Math.floor(r / L) * P * L + (r % L);
    for (let i = 0; i < P; i++) res[i] = v[base + i * L];
    return res;
  }

  private write(buf: number, r: number, values: FloatArray): void {
    const P = this.nParams;
    const L = this.lanes;
    const v = this.arena.floats(this.dtype, buf, P * this.ep);
    const base = Math.floor(r / L) * P * L + (r % L);
    for (let i = 0; i < P; i++) v[base + i * L] = values[i];
  }

  private checkReplica(r: number): void {
    if (!Number.isInteger(r) || r < 0 || r >= this.size) throw new Error(`replica ${r} is not in [0, ${this.size})`);
  }
}
