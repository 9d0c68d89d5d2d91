// The reference Model for float64: one contiguous Float64Array of parameters with named views, and
// the plain-TypeScript kernels behind forward/loss/gradient/Hessian-vector product.
// model-f32.ts is generated from this file by generate-f32.js (edit this one, then rerun it).

import type { Batch, FloatArray, ForwardResult, Masks, MlpSpec, Model, ParamView } from '@driftlab/core';
import { findView, mlpLayout } from '../layout';
import { checkBatch, checkLength, checkMasks } from './checks';
import { type MasksF64, WorkspaceF64, forwardF64, hvpF64, lossAndGradF64, lossF64 } from './kernels-f64';
import { type MlpPlan, mlpPlan } from './plan';

/** Workspaces kept per model (one per batch size seen recently). */
const MAX_WORKSPACES = 4;

/** The array itself when it already has this dtype, else a converted copy (kernels see one type). */
function asF64(a: FloatArray): Float64Array {
  return a instanceof Float64Array ? a : Float64Array.from(a);
}

function toMasksF64(p: MlpPlan, masks: Masks | undefined, n: number): MasksF64 | null {
  if (!masks || (!masks.hiddenMasks?.length && !masks.weightMasks?.length)) return null;
  checkMasks(p, masks, n);
  const hidden: (Float64Array | null)[] = [];
  const weight: (Float64Array | null)[] = [];
  for (let k = 0; k < p.depth; k++) {
    const m = masks.hiddenMasks?.[k];
    hidden.push(m ? asF64(m) : null);
  }
  for (let k = 0; k <= p.depth; k++) {
    const m = masks.weightMasks?.[k];
    weight.push(m ? asF64(m) : null);
  }
  return { hidden, weight };
}

export class MlpModelF64 implements Model {
  readonly dtype = 'float64' as const;
  readonly backend = 'reference';
  readonly params: Float64Array;
  readonly views: readonly ParamView[];
  readonly nParams: number;
  private readonly plan: MlpPlan;
  private readonly viewCache = new Map<string, Float64Array>();
  private readonly workspaces = new Map<number, WorkspaceF64>();
  private scratch: Float64Array | null = null;

  /** params: initial values (copied); zeros when omitted. */
  constructor(
    readonly spec: MlpSpec,
    params?: FloatArray,
  ) {
    this.plan = mlpPlan(spec);
    this.views = mlpLayout(spec);
    this.nParams = this.plan.nParams;
    this.params = new Float64Array(this.nParams);
    if (params) {
      checkLength(params, this.nParams, 'params');
      this.params.set(params);
    }
  }

  view(name: string): Float64Array {
    let v = this.viewCache.get(name);
    if (!v) {
      const pv = findView(this.views, name);
      v = this.params.subarray(pv.offset, pv.offset + pv.length);
      this.viewCache.set(name, v);
    }
    return v;
  }

  forward(x: FloatArray, n: number, masks?: Masks, params?: FloatArray): ForwardResult {
    checkLength(x, n * this.plan.inputDim, `x (n=${n} × inputDim=${this.plan.inputDim})`);
    const ws = this.workspace(n);
    forwardF64(this.plan, this.paramsOr(params), asF64(x), n, toMasksF64(this.plan, masks, n), ws);
    return { out: ws.out.slice(), hidden: ws.hid.map((h) => h.slice()) };
  }

  loss(batch: Batch, params?: FloatArray, masks?: Masks): number {
    checkBatch(this.plan, batch);
    const m = toMasksF64(this.plan, masks, batch.n);
    return lossF64(this.plan, this.paramsOr(params), asF64(batch.x), asF64(batch.y), batch.n, m, this.workspace(batch.n));
  }

  lossAndGrad(batch: Batch, grad: FloatArray, masks?: Masks, params?: FloatArray): number {
    checkBatch(this.plan, batch);
    checkLength(grad, this.nParams, 'grad');
    const m = toMasksF64(this.plan, masks, batch.n);
    const g = grad instanceof Float64Array ? grad : this.scratchBuffer();
    const loss = lossAndGradF64(this.plan, this.paramsOr(params), asF64(batch.x), asF64(batch.y), batch.n, m, g, this.workspace(batch.n));
    if (g !== grad) grad.set(g);
    return loss;
  }

  /** H·v at params (default: the live parameters). masks: optional, as in lossAndGrad (an engine extension). */
  hvp(batch: Batch, v: FloatArray, out: FloatArray, params?: FloatArray, masks?: Masks): void {
    checkBatch(this.plan, batch);
    checkLength(v, this.nParams, 'v');
    checkLength(out, this.nParams, 'out');
    const m = toMasksF64(this.plan, masks, batch.n);
    const o = out instanceof Float64Array && out !== v ? out : this.scratchBuffer();
    hvpF64(this.plan, this.paramsOr(params), asF64(batch.x), asF64(batch.y), batch.n, asF64(v), o, m, this.workspace(batch.n));
    if (o !== out) out.set(o);
  }

  newBuffer(): Float64Array {
    return new Float64Array(this.nParams);
  }

  clone(): MlpModelF64 {
    return new MlpModelF64(this.spec, this.params);
  }

  private paramsOr(params: FloatArray | undefined): Float64Array {
    if (params === undefined) return this.params;
    checkLength(params, this.nParams, 'params');
    return asF64(params);
  }

  private scratchBuffer(): Float64Array {
    return (this.scratch ??= new Float64Array(this.nParams));
  }

  private workspace(n: number): WorkspaceF64 {
    let ws = this.workspaces.get(n);
    if (!ws) {
      if (this.workspaces.size >= MAX_WORKSPACES) this.workspaces.delete(this.workspaces.keys().next().value as number);
      ws = new WorkspaceF64(this.plan, n);
      this.workspaces.set(n, ws);
    }
    return ws;
  }
}
