// The kernels' context block and buffers for one batch capacity (see assembly/mlp.ts for the layout the
// kernels read; the field indices here must match C_* there).

import type { DType, MlpSpec } from '@driftlab/core';
import { type Arena, align } from './arena';

export const C_D = 0;
export const C_H = 1;
export const C_O = 2;
export const C_HAS_C = 3;
export const C_N = 4;
export const C_NS = 5;
export const C_DP = 6;
export const C_OP = 7;
export const C_P = 8;
export const C_THETA = 9;
export const C_GRAD = 10;
export const C_XC = 11;
export const C_Y = 12;
export const C_XT = 13;
export const C_XA = 14;
export const C_HT = 15;
export const C_OT = 16;
export const C_ET = 17;
export const C_ES = 18;
export const C_DHT = 19;
export const C_DWA = 20;
export const C_DVT = 21;
export const C_HTC = 22;
// field 23 is unused (it held a gathered copy of V's columns of the active units)
export const C_ACT = 24;
const C_FIELDS = 25;

/** What the wasm kernels run: one hidden ReLU layer. Other MLPs use the reference backend. */
export function wasmSupportsSpec(spec: MlpSpec): boolean {
  return spec.hidden.length === 1 && spec.activation === 'relu';
}

/** Why a spec is not supported, or null. */
export function wasmUnsupportedReason(spec: MlpSpec): string | null {
  if (spec.hidden.length !== 1) return `the wasm kernels run one hidden layer (this net has ${spec.hidden.length})`;
  if (spec.activation !== 'relu') return `the wasm kernels run ReLU only (this net uses ${spec.activation})`;
  return null;
}

export function paramCount(spec: MlpSpec): number {
  const [H] = spec.hidden;
  return H * spec.inputDim + H + spec.outputDim * H + (spec.outputBias ? spec.outputDim : 0);
}

/** Buffers of one context; sizes in elements, pointers in bytes. */
export class Workspace {
  readonly ctx: number;
  readonly theta: number;
  readonly grad: number;
  readonly xc: number;
  readonly y: number;
  readonly ht: number;
  readonly ot: number;
  /** capacity × max(H, O): where results are transposed back to row-major for JS. */
  readonly stage: number;
  readonly ns: number;
  readonly P: number;
  /** P rounded up to 16: the length of theta/grad and of every per-parameter buffer (padding is scratch). */
  readonly P16: number;
  readonly bytes: number;

  constructor(
    readonly arena: Arena,
    readonly spec: MlpSpec,
    readonly dtype: DType,
    readonly capacity: number,
    /** Share an existing parameter buffer (θ) instead of allocating one. */
    theta?: number,
  ) {
    const D = spec.inputDim;
    const H = spec.hidden[0];
    const O = spec.outputDim;
    const sz = dtype === 'float64' ? 8 : 4;
    const lanes = 16 / sz;
    this.bytes = sz;
    this.ns = align(capacity, 4);
    const dp = align(D + 1, lanes);
    const op = align(O, lanes);
    this.P = paramCount(spec);
    this.P16 = align(this.P, 16);
    const a = (elements: number) => arena.alloc(elements * sz);
    this.ctx = arena.alloc(C_FIELDS * 4);
    this.theta = theta ?? a(this.P16);
    this.grad = a(this.P16);
    this.xc = a(capacity * D);
    this.y = a(capacity * O);
    const xt = a(D * this.ns);
    const xa = a(capacity * dp);
    this.ht = a(H * this.ns);
    this.ot = a(O * this.ns);
    const et = a(O * this.ns);
    const es = a(capacity * op);
    const dht = a(H * this.ns);
    const dwa = a(H * dp);
    const dvt = a(H * op);
    this.stage = a(capacity * Math.max(H, O));
    const htc = a(H * this.ns);
    const act = arena.alloc(H * 4);
    const f = arena.i32(this.ctx, C_FIELDS);
    f[C_D] = D;
    f[C_H] = H;
    f[C_O] = O;
    f[C_HAS_C] = spec.outputBias ? 1 : 0;
    f[C_N] = capacity;
    f[C_NS] = this.ns;
    f[C_DP] = dp;
    f[C_OP] = op;
    f[C_P] = this.P;
    f[C_THETA] = this.theta;
    f[C_GRAD] = this.grad;
    f[C_XC] = this.xc;
    f[C_Y] = this.y;
    f[C_XT] = xt;
    f[C_XA] = xa;
    f[C_HT] = this.ht;
    f[C_OT] = this.ot;
    f[C_ET] = et;
    f[C_ES] = es;
    f[C_DHT] = dht;
    f[C_DWA] = dwa;
    f[C_DVT] = dvt;
    f[C_HTC] = htc;
    f[C_ACT] = act;
  }

  private maskBufs: { block: number; hidden: number; weight: number } | null = null;

  /**
   * The dropout masks block lossGrad takes (assembly/dropout.ts), set for a node mask (buffer `hidden`, H × ns
   * like HT) and/or a DropConnect mask (buffer `weight`, H × D). The buffers are allocated on first use, which
   * grows the memory and so detaches views made before.
   */
  masks(hidden: boolean, weight: boolean): { block: number; hidden: number; weight: number } {
    if (!this.maskBufs) {
      const H = this.spec.hidden[0];
      const HD16 = align(H * this.spec.inputDim, 16);
      const block = this.arena.alloc(16);
      const hiddenBuf = this.arena.alloc(H * this.ns * this.bytes);
      const weightBuf = this.arena.alloc(HD16 * this.bytes);
      const wtilde = this.arena.alloc(HD16 * this.bytes);
      this.arena.i32(block, 3)[2] = wtilde;
      this.maskBufs = { block, hidden: hiddenBuf, weight: weightBuf };
    }
    const f = this.arena.i32(this.maskBufs.block, 2);
    f[0] = hidden ? this.maskBufs.hidden : 0;
    f[1] = weight ? this.maskBufs.weight : 0;
    return this.maskBufs;
  }

  setField(i: number, v: number): void {
    this.arena.i32(this.ctx, C_FIELDS)[i] = v;
  }
}
