// Test helpers: random problems, masks, finite differences and error measures (float64 throughout).

import { type Activation, type Batch, type Masks, type MlpSpec, type Model, SequentialRandom } from '@driftlab/core';
import { MlpModelF64 } from '../model-f64';
import { initMlpParams } from '../init';

export function randn(rng: SequentialRandom, len: number, std = 1): Float64Array {
  const a = new Float64Array(len);
  rng.fillNormal(a, std);
  return a;
}

export interface Problem {
  spec: MlpSpec;
  model: MlpModelF64;
  batch: Batch;
  rng: SequentialRandom;
}

/** A small random net and batch; 'rich' readout so every block of the gradient is O(1). */
export function makeProblem(seed: number, activation: Activation, hidden: number[], opts: { n?: number; inputDim?: number; outputDim?: number; outputBias?: boolean } = {}): Problem {
  const spec: MlpSpec = { inputDim: opts.inputDim ?? 3, hidden, outputDim: opts.outputDim ?? 2, activation, outputBias: opts.outputBias ?? false };
  const rng = SequentialRandom.derive(seed, 'test-problem');
  const model = new MlpModelF64(spec);
  initMlpParams(spec, model.params, rng, 'rich');
  const n = opts.n ?? 5;
  const batch = { x: randn(rng, n * spec.inputDim), y: randn(rng, n * spec.outputDim), n };
  return { spec, model, batch, rng };
}

/** Inverted-dropout style masks (values 0 or 2) at the requested sites. */
export function randomMasks(spec: MlpSpec, n: number, rng: SequentialRandom, which: { hidden: boolean; weight: boolean }): Masks {
  const mask = (len: number) => Float64Array.from({ length: len }, () => (rng.uniform() < 0.5 ? 0 : 2));
  const masks: Masks = {};
  if (which.hidden) masks.hiddenMasks = spec.hidden.map((u) => mask(n * u));
  if (which.weight) {
    const fanIns = [spec.inputDim, ...spec.hidden];
    masks.weightMasks = [...spec.hidden.map((u, k) => mask(u * fanIns[k])), mask(spec.outputDim * spec.hidden[spec.hidden.length - 1])];
  }
  return masks;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** ‖a − b‖ / max(‖a‖, ‖b‖, floor). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-300): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  const d = Float64Array.from(a, (v, i) => v - b[i]);
  return norm(d) / Math.max(norm(a), norm(b), floor);
}

/** Central finite differences of the loss, one coordinate at a time. */
export function fdGradient(model: Model, batch: Batch, masks: Masks | undefined, eps = 1e-6): Float64Array {
  const th = Float64Array.from(model.params);
  const g = new Float64Array(th.length);
  for (let i = 0; i < th.length; i++) {
    const t = th[i];
    th[i] = t + eps;
    const lp = model.loss(batch, th, masks);
    th[i] = t - eps;
    const lm = model.loss(batch, th, masks);
    th[i] = t;
    g[i] = (lp - lm) / (2 * eps);
  }
  return g;
}

/** (∇f(θ + εv) − ∇f(θ − εv)) / 2ε: a finite-difference Hessian-vector product. */
export function fdHvp(model: Model, batch: Batch, v: Float64Array, masks: Masks | undefined, eps = 1e-5): Float64Array {
  const th = model.params;
  const plus = Float64Array.from(th, (t, i) => t + eps * v[i]);
  const minus = Float64Array.from(th, (t, i) => t - eps * v[i]);
  const gp = new Float64Array(th.length);
  const gm = new Float64Array(th.length);
  model.lossAndGrad(batch, gp, masks, plus);
  model.lossAndGrad(batch, gm, masks, minus);
  return Float64Array.from(gp, (p, i) => (p - gm[i]) / (2 * eps));
}
