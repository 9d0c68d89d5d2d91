// TfjsModel (tfjs autodiff: tf.grads, nested tf.grads for H·v) against the float64 reference kernels.

import type { Activation } from '@driftlab/core';
import { makeProblem, randn, randomMasks, relErr } from '../reference/__fixtures__/numeric';
import { loadTfjs } from './load';
import { TfjsModel } from './mlp-model';
import { hvpSafeTanh } from './ops';

const tfjs = loadTfjs();
const tf = tfjs.tf;

/** A reference problem with every input rounded to float32, and the tfjs model on the same numbers. */
function pair(seed: number, activation: Activation, hidden: number[], outputBias = false) {
  const p = makeProblem(seed, activation, hidden, { n: 6, outputBias });
  p.model.params.set(Float32Array.from(p.model.params));
  p.batch.x.set(Float32Array.from(p.batch.x));
  p.batch.y.set(Float32Array.from(p.batch.y));
  const tfModel = new TfjsModel(p.spec, { params: p.model.params, tfjs });
  return { ...p, tfModel };
}

const cases = (['relu', 'tanh', 'linear'] as Activation[]).flatMap((act) =>
  [[5], [5, 4]].flatMap((hidden) => [false, true].map((masked) => [act, hidden, masked] as const)),
);

describe.each(cases)('TfjsModel vs reference: %s %j masked=%s', (activation, hidden, masked) => {
  it('forward, loss, gradient and Hessian-vector product agree (float32 tolerance)', () => {
    const { model, batch, spec, rng, tfModel } = pair(31, activation, hidden, masked);
    const masks = masked ? randomMasks(spec, batch.n, rng, { hidden: true, weight: true }) : undefined;
    const before = tf.memory().numTensors;

    const f64 = model.forward(batch.x, batch.n, masks);
    const f32 = tfModel.forward(batch.x, batch.n, masks);
    expect(relErr(f32.out, f64.out)).toBeLessThan(1e-5);
    f64.hidden.forEach((h, k) => expect(relErr(f32.hidden[k], h)).toBeLessThan(1e-5));

    const g64 = model.newBuffer();
    const g32 = tfModel.newBuffer();
    const l64 = model.lossAndGrad(batch, g64, masks);
    const l32 = tfModel.lossAndGrad(batch, g32, masks);
    expect(Math.abs(l32 - l64) / l64).toBeLessThan(1e-5);
    expect(Math.abs(tfModel.loss(batch, undefined, masks) - l64) / l64).toBeLessThan(1e-5);
    expect(relErr(g32, g64)).toBeLessThan(1e-3);

    const v = Float64Array.from(Float32Array.from(randn(rng, model.nParams)));
    const h64 = model.newBuffer();
    const h32 = tfModel.newBuffer();
    model.hvp(batch, v, h64, undefined, masks);
    tfModel.hvp(batch, v, h32, undefined, masks);
    expect(relErr(h32, h64)).toBeLessThan(1e-3);
    expect(tf.memory().numTensors).toBe(before); // every call cleans up after itself
  });
});

describe('TfjsModel', () => {
  it('is float32, uses the shared layout, reads alternative params, and clones', () => {
    const { model, batch, tfModel } = pair(32, 'tanh', [5], true);
    expect(tfModel.dtype).toBe('float32');
    expect(tfModel.params).toBeInstanceOf(Float32Array);
    expect(tfModel.views).toEqual(model.views);
    expect(tfModel.view('c').length).toBe(2);
    const other = Float64Array.from(model.params, (t) => 0.5 * t);
    expect(Math.abs(tfModel.loss(batch, other) - model.loss(batch, other)) / model.loss(batch, other)).toBeLessThan(1e-5);
    const c = tfModel.clone();
    expect(c).toBeInstanceOf(TfjsModel);
    expect(Array.from(c.params)).toEqual(Array.from(tfModel.params));
    c.params[0] += 1;
    expect(c.params[0]).not.toBe(tfModel.params[0]);
  });

  it('rejects wrongly sized masks and buffers', () => {
    const { batch, tfModel } = pair(33, 'relu', [5]);
    expect(() => tfModel.loss(batch, undefined, { weightMasks: [new Float32Array(3)] })).toThrow(/weightMasks\[0\]/);
    expect(() => tfModel.lossAndGrad(batch, new Float32Array(2))).toThrow(/grad/);
  });
});

describe('hvpSafeTanh', () => {
  it('has the exact second derivative −2·tanh·(1 − tanh²), which tf.tanh loses under nested tf.grads', () => {
    const x = tf.tensor1d([-1.2, 0.3, 0.8]);
    const th = hvpSafeTanh(tf);
    const second = tf.grad((z) => tf.sum(tf.grad((w) => tf.sum(th(w)))(z)))(x).dataSync();
    [-1.2, 0.3, 0.8].forEach((z, i) => {
      const t = Math.tanh(z);
      expect(second[i]).toBeCloseTo(-2 * t * (1 - t * t), 6);
    });
    expect(() => tf.grad((z) => tf.sum(tf.grad((w) => tf.sum(tf.tanh(w)))(z)))(x)).toThrow();
  });
});
