// A Model for any architecture written as a TensorFlow.js function. Parameters live in one contiguous
// Float32Array (named views, row-major, in the order given), like every other backend, so rules and
// metrics work unchanged; each call copies them into tensors. Loss, gradient and Hessian-vector
// product come from tfjs autodiff (tf.grads; nested tf.grads for H·v). float32 only (tfjs computes
// in float32).
//
// Caution for H·v: tfjs' built-in gradients of ops that save their OUTPUT (tanh, sigmoid, exp, …)
// are not differentiable a second time (the second-order term is silently dropped or the call
// throws). Use `hvpSafeTanh` (ops.ts) or ops whose gradients use their inputs (relu, matMul, mul,
// square, …) in functions whose Hessian you need.

import type { Tensor } from '@tensorflow/tfjs';
import type { Activation, Batch, FloatArray, ForwardResult, Masks, MlpSpec, Model, ParamView } from '@driftlab/core';
import { type LoadedTfjs, type Tf, loadTfjs } from './load';

export interface TfjsParamSpec {
  name: string;
  shape: number[];
}

export interface TfjsForwardContext {
  tf: Tf;
  /** hiddenMasks[k] as an n × units tensor (or null): the function must multiply its k-th hidden layer by it. */
  hiddenMasks: (Tensor | null)[];
}

/** The user's network: x is n × inputDim; out must be n × outputDim; hidden[k] is n × units_k. */
export type TfjsForwardFn = (params: Record<string, Tensor>, x: Tensor, ctx: TfjsForwardContext) => { out: Tensor; hidden: Tensor[] };

export interface TfjsCustomModelOptions {
  inputDim: number;
  outputDim: number;
  /** Parameters in buffer order. */
  params: TfjsParamSpec[];
  forward: TfjsForwardFn;
  /** Hidden-layer sizes, reported in `spec.hidden` (descriptive only). Default []. */
  hidden?: number[];
  /** Reported in `spec.activation` (descriptive only). Default 'linear'. */
  activation?: Activation;
  /** Parameter that weightMasks[k] multiplies elementwise (DropConnect). Default: params in order. */
  weightMaskParams?: string[];
  /** Initial parameter values (copied); zeros when omitted. */
  initial?: FloatArray;
  /** A loaded TensorFlow.js; default loadTfjs(). */
  tfjs?: LoadedTfjs;
  /** Exact spec to report (TfjsModel passes its MlpSpec). */
  spec?: MlpSpec;
}

function layoutOf(params: TfjsParamSpec[]): ParamView[] {
  let offset = 0;
  const names = new Set<string>();
  return params.map(({ name, shape }) => {
    if (names.has(name)) throw new Error(`duplicate parameter name "${name}"`);
    names.add(name);
    if (!shape.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`parameter "${name}" has an invalid shape [${shape.join(', ')}]`);
    const length = shape.reduce((a, b) => a * b, 1);
    const view = { name, offset, length, shape: shape.slice() };
    offset += length;
    return view;
  });
}

export class TfjsCustomModel implements Model {
  readonly dtype = 'float32' as const;
  readonly backend: string = 'tfjs';
  readonly spec: MlpSpec;
  readonly params: Float32Array;
  readonly views: readonly ParamView[];
  readonly nParams: number;
  readonly tfjs: LoadedTfjs;
  protected readonly options: TfjsCustomModelOptions;
  private readonly viewCache = new Map<string, Float32Array>();
  /** weightMaskParams resolved to indices into views. */
  private readonly maskTargets: number[];

  constructor(options: TfjsCustomModelOptions) {
    this.options = options;
    this.tfjs = options.tfjs ?? loadTfjs();
    this.views = layoutOf(options.params);
    const last = this.views[this.views.length - 1];
    this.nParams = last ? last.offset + last.length : 0;
    this.params = new Float32Array(this.nParams);
    if (options.initial) {
      if (options.initial.length !== this.nParams) throw new Error(`initial has length ${options.initial.length}, expected ${this.nParams}`);
      this.params.set(options.initial);
    }
    this.spec = options.spec ?? {
      inputDim: options.inputDim,
      hidden: options.hidden ?? [],
      outputDim: options.outputDim,
      activation: options.activation ?? 'linear',
      outputBias: false,
    };
    const targets = options.weightMaskParams ?? this.views.map((v) => v.name);
    this.maskTargets = targets.map((name) => {
      const i = this.views.findIndex((v) => v.name === name);
      if (i < 0) throw new Error(`weightMaskParams names unknown parameter "${name}"`);
      return i;
    });
  }

  get tf(): Tf {
    return this.tfjs.tf;
  }

  view(name: string): Float32Array {
    let v = this.viewCache.get(name);
    if (!v) {
      const pv = this.views.find((p) => p.name === name);
      if (!pv) throw new Error(`no parameter view "${name}" (known: ${this.views.map((p) => p.name).join(', ')})`);
      v = this.params.subarray(pv.offset, pv.offset + pv.length);
      this.viewCache.set(name, v);
    }
    return v;
  }

  forward(x: FloatArray, n: number, masks?: Masks, params?: FloatArray): ForwardResult {
    return this.scoped(() => {
      const r = this.run(this.tensorsOf(params ?? this.params), this.input(x, n, this.options.inputDim, 'x'), masks, n);
      return { out: Float32Array.from(r.out.dataSync()), hidden: r.hidden.map((h) => Float32Array.from(h.dataSync())) };
    });
  }

  loss(batch: Batch, params?: FloatArray, masks?: Masks): number {
    return this.scoped(() => this.lossOf(this.tensorsOf(params ?? this.params), batch, masks).dataSync()[0]);
  }

  lossAndGrad(batch: Batch, grad: FloatArray, masks?: Masks, params?: FloatArray): number {
    this.checkLength(grad, 'grad');
    const tf = this.tf;
    return this.scoped(() => {
      const { value, grads } = tf.valueAndGrads((...ps: Tensor[]) => this.connected(this.lossOf(ps, batch, masks), ps))(this.tensorsOf(params ?? this.params));
      this.writeFlat(grads, grad);
      return value.dataSync()[0];
    });
  }

  /** H·v by forward-over-reverse with nested tf.grads (masks: an engine extension of the Model contract). */
  hvp(batch: Batch, v: FloatArray, out: FloatArray, params?: FloatArray, masks?: Masks): void {
    this.checkLength(v, 'v');
    this.checkLength(out, 'out');
    const tf = this.tf;
    this.scoped(() => {
      const vs = this.tensorsOf(v);
      const gradOf = tf.grads((...ps: Tensor[]) => this.connected(this.lossOf(ps, batch, masks), ps));
      const gv = (...ps: Tensor[]) => {
        const gs = gradOf(ps);
        return this.connected(tf.addN(gs.map((g, i) => tf.sum(tf.mul(g, vs[i])))), ps);
      };
      this.writeFlat(tf.grads(gv)(this.tensorsOf(params ?? this.params)), out);
    });
  }

  newBuffer(): Float32Array {
    return new Float32Array(this.nParams);
  }

  clone(): TfjsCustomModel {
    return new TfjsCustomModel({ ...this.options, tfjs: this.tfjs, initial: this.params });
  }

  // ---------------------------------------------------------------- internals (call inside tf.tidy)

  /** Runs fn inside tf.tidy (every tensor it makes is freed) and returns its plain result. */
  private scoped<T>(fn: () => T): T {
    let result: T | undefined;
    this.tf.tidy(() => {
      result = fn();
    });
    return result as T;
  }

  private checkLength(a: FloatArray, what: string): void {
    if (a.length !== this.nParams) throw new Error(`${what} has length ${a.length}, expected ${this.nParams}`);
  }

  private tensorsOf(buf: FloatArray): Tensor[] {
    this.checkLength(buf, 'params');
    return this.views.map((v) => this.tf.tensor(Float32Array.from(buf.subarray(v.offset, v.offset + v.length)), v.shape, 'float32'));
  }

  private input(a: FloatArray, n: number, dim: number, what: string): Tensor {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`n must be a positive integer, got ${n}`);
    if (a.length !== n * dim) throw new Error(`${what} has length ${a.length}, expected n=${n} × ${dim}`);
    return this.tf.tensor2d(Float32Array.from(a), [n, dim], 'float32');
  }

  private run(ps: Tensor[], x: Tensor, masks: Masks | undefined, n: number): { out: Tensor; hidden: Tensor[] } {
    const tf = this.tf;
    const record: Record<string, Tensor> = {};
    ps.forEach((p, i) => (record[this.views[i].name] = p));
    (masks?.weightMasks ?? []).forEach((m, k) => {
      if (!m) return;
      if (k >= this.maskTargets.length) throw new Error(`weightMasks has ${k + 1}+ entries for ${this.maskTargets.length} mask sites`);
      const view = this.views[this.maskTargets[k]];
      if (m.length !== view.length) throw new Error(`weightMasks[${k}] has length ${m.length}, expected ${view.length} (${view.name})`);
      record[view.name] = tf.mul(record[view.name], tf.tensor(Float32Array.from(m), view.shape, 'float32'));
    });
    const hiddenMasks = (masks?.hiddenMasks ?? []).map((m, k) => {
      if (!m) return null;
      if (m.length % n !== 0) throw new Error(`hiddenMasks[${k}] has length ${m.length}, not a multiple of n=${n}`);
      return tf.tensor2d(Float32Array.from(m), [n, m.length / n], 'float32');
    });
    const r = this.options.forward(record, x, { tf, hiddenMasks });
    const expect = [n, this.options.outputDim];
    if (r.out.shape.length !== 2 || r.out.shape[0] !== n || r.out.shape[1] !== this.options.outputDim) {
      throw new Error(`forward returned out of shape [${r.out.shape.join(', ')}], expected [${expect.join(', ')}]`);
    }
    return r;
  }

  private lossOf(ps: Tensor[], batch: Batch, masks: Masks | undefined): Tensor {
    const tf = this.tf;
    const x = this.input(batch.x, batch.n, this.options.inputDim, 'batch.x');
    const y = this.input(batch.y, batch.n, this.options.outputDim, 'batch.y');
    return tf.mean(tf.square(tf.sub(this.run(ps, x, masks, batch.n).out, y)));
  }

  /** f + 0·Σp: ties every parameter to f so tf.grads returns zeros (not an error) for unused ones. */
  private connected(f: Tensor, ps: Tensor[]): Tensor {
    const tf = this.tf;
    return tf.add(f, tf.mul(tf.scalar(0), tf.addN(ps.map((p) => tf.sum(p)))));
  }

  private writeFlat(ts: Tensor[], target: FloatArray): void {
    ts.forEach((t, i) => target.set(t.dataSync(), this.views[i].offset));
  }
}
