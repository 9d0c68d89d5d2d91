// WasmMlpModel: the Model contract on the wasm SIMD kernels, for one hidden ReLU layer in float64 or
// float32. Parameters live in an ordinary typed array (so views never detach); each call copies them into
// the kernel instance's memory. What the kernels do not cover (forward and loss under masks, a readout weight
// mask, Hessian-vector products) runs on the reference kernels with the same parameters. Fused multi-step
// runs: createFusedStepper.

import type {
  Batch,
  DType,
  FloatArray,
  ForwardResult,
  FusedPlan,
  FusedStepper,
  FusingModel,
  Masks,
  MlpSpec,
  Model,
  ParamView,
} from '@driftlab/core';
import { findView, mlpLayout } from '../layout';
import { checkMasks } from '../reference/checks';
import { MlpModelF32 } from '../reference/model-f32';
import { MlpModelF64 } from '../reference/model-f64';
import { type MlpPlan, mlpPlan } from '../reference/plan';
import { Arena } from './arena';
import { createWasmFusedStepper, noiseThreadUnsupportedReason } from './fused-stepper';
import { type DtypeKernels, dtypeKernels, instantiateKernels } from './kernels';
import { C_N, C_XC, Workspace, wasmUnsupportedReason } from './workspace';

function hasMasks(m: Masks | undefined): boolean {
  return !!m && !!((m.hiddenMasks ?? []).some((x) => x) || (m.weightMasks ?? []).some((x) => x));
}

export class WasmMlpModel implements Model, FusingModel {
  readonly backend = 'wasm';
  readonly params: FloatArray;
  readonly views: readonly ParamView[];
  readonly nParams: number;
  private readonly arena: Arena;
  private readonly kern: DtypeKernels;
  private ws: Workspace | null = null;
  private ref: Model | null = null;
  private plan: MlpPlan | null = null;
  private readonly viewCache = new Map<string, FloatArray>();

  /** params: initial values (copied); zeros when omitted. Throws for nets the kernels do not run. */
  constructor(
    readonly spec: MlpSpec,
    readonly dtype: DType = 'float64',
    params?: FloatArray,
    private readonly options: { noiseThread?: boolean } = {},
  ) {
    const why = wasmUnsupportedReason(spec);
    if (why) throw new Error(`engine "wasm": ${why}; use engine "reference" or "auto"`);
    this.views = mlpLayout(spec);
    const last = this.views[this.views.length - 1];
    this.nParams = last.offset + last.length;
    this.params = dtype === 'float64' ? new Float64Array(this.nParams) : new Float32Array(this.nParams);
    if (params) {
      if (params.length !== this.nParams) throw new Error(`params has length ${params.length}, expected ${this.nParams}`);
      this.params.set(params);
    }
    this.arena = new Arena(instantiateKernels());
    this.kern = dtypeKernels(this.arena.k, dtype);
  }

  view(name: string): FloatArray {
    let v = this.viewCache.get(name);
    if (!v) {
      const pv = findView(this.views, name);
      v = this.params.subarray(pv.offset, pv.offset + pv.length);
      this.viewCache.set(name, v);
    }
    return v;
  }

  forward(x: FloatArray, n: number, masks?: Masks, params?: FloatArray): ForwardResult {
    if (hasMasks(masks)) return this.reference().forward(x, n, masks, params ?? this.params);
    const ws = this.load(x, n, params);
    this.kern.forward(ws.ctx, ws.theta);
    const H = this.spec.hidden[0];
    const O = this.spec.outputDim;
    this.kern.transpose(ws.ot, O, n, ws.ns, ws.stage, O);
    const out = this.arena.floats(this.dtype, ws.stage, n * O).slice();
    this.kern.transpose(ws.ht, H, n, ws.ns, ws.stage, H);
    const hidden = this.arena.floats(this.dtype, ws.stage, n * H).slice();
    return { out, hidden: [hidden] };
  }

  loss(batch: Batch, params?: FloatArray, masks?: Masks): number {
    if (hasMasks(masks)) return this.reference().loss(batch, params ?? this.params, masks);
    const ws = this.loadBatch(batch, params);
    return this.kern.loss(ws.ctx, ws.theta, ws.y);
  }

  lossAndGrad(batch: Batch, grad: FloatArray, masks?: Masks, params?: FloatArray): number {
    if (grad.length !== this.nParams) throw new Error(`grad has length ${grad.length}, expected ${this.nParams}`);
    // Node dropout and DropConnect on the hidden layer run in the kernels; a readout weight mask does not, nor a
    // node mask with negative entries (the kernels tell active units by h = relu(z)·m > 0, which needs m ≥ 0).
    if (hasMasks(masks) && (masks!.weightMasks?.[1] || masks!.hiddenMasks?.[0]?.some((v) => v < 0))) {
      return this.reference().lossAndGrad(batch, grad, masks, params ?? this.params);
    }
    const ws = this.loadBatch(batch, params);
    const loss = this.kern.lossGrad(ws.ctx, ws.theta, ws.y, hasMasks(masks) ? this.loadMasks(ws, masks!, batch.n) : 0);
    grad.set(this.arena.floats(this.dtype, ws.grad, this.nParams));
    return loss;
  }

  /** Exact H·v, computed by the reference kernels (the R-operator) at the same parameters. */
  hvp(batch: Batch, v: FloatArray, out: FloatArray, params?: FloatArray): void {
    this.reference().hvp(batch, v, out, params ?? this.params);
  }

  newBuffer(): FloatArray {
    return this.dtype === 'float64' ? new Float64Array(this.nParams) : new Float32Array(this.nParams);
  }

  clone(): WasmMlpModel {
    return new WasmMlpModel(this.spec, this.dtype, this.params);
  }

  /** A stepper running whole steps in wasm, or null when the plan has an op the kernels do not fuse. */
  createFusedStepper(plan: FusedPlan): FusedStepper | null {
    // The noise thread serves plans with one Gaussian update-noise op; others draw their noise in the kernel.
    const noiseThread = !!this.options.noiseThread && noiseThreadUnsupportedReason(plan) === null;
    return createWasmFusedStepper(this.spec, this.dtype, this.params, plan, { noiseThread });
  }

  private reference(): Model {
    return (this.ref ??= this.dtype === 'float64' ? new MlpModelF64(this.spec) : new MlpModelF32(this.spec));
  }

  /** The workspace for n samples with θ (params or the live ones) and the batch inputs copied in. */
  private load(x: FloatArray, n: number, params?: FloatArray): Workspace {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`n must be a positive integer, got ${n}`);
    const D = this.spec.inputDim;
    if (x.length !== n * D) throw new Error(`x has length ${x.length}, expected n=${n} × inputDim=${D}`);
    const p = params ?? this.params;
    if (p.length !== this.nParams) throw new Error(`params has length ${p.length}, expected ${this.nParams}`);
    if (!this.ws || this.ws.capacity < n) this.ws = new Workspace(this.arena, this.spec, this.dtype, Math.max(n, 2 * (this.ws?.capacity ?? 0)));
    const ws = this.ws;
    this.arena.floats(this.dtype, ws.theta, this.nParams).set(p);
    this.arena.floats(this.dtype, ws.xc, n * D).set(x);
    ws.setField(C_N, n);
    ws.setField(C_XC, ws.xc);
    this.kern.prepare(ws.ctx);
    return ws;
  }

  /** Copies the hidden layer's masks into the workspace's masks block (node masks transposed like HT). */
  private loadMasks(ws: Workspace, masks: Masks, n: number): number {
    checkMasks((this.plan ??= mlpPlan(this.spec)), masks, n);
    const hm = masks.hiddenMasks?.[0] ?? null;
    const wm = masks.weightMasks?.[0] ?? null;
    const bufs = ws.masks(!!hm, !!wm); // allocates before any view below is made
    if (hm) {
      const H = this.spec.hidden[0];
      const ns = ws.ns;
      const mt = this.arena.floats(this.dtype, bufs.hidden, H * ns);
      mt.fill(0); // padding samples stay silent
      for (let s = 0; s < n; s++) for (let j = 0; j < H; j++) mt[j * ns + s] = hm[s * H + j];
    }
    if (wm) this.arena.floats(this.dtype, bufs.weight, wm.length).set(wm);
    return bufs.block;
  }

  private loadBatch(batch: Batch, params?: FloatArray): Workspace {
    const ws = this.load(batch.x, batch.n, params);
    const O = this.spec.outputDim;
    if (batch.y.length !== batch.n * O) throw new Error(`batch.y has length ${batch.y.length}, expected n=${batch.n} × outputDim=${O}`);
    this.arena.floats(this.dtype, ws.y, batch.n * O).set(batch.y);
    return ws;
  }
}
