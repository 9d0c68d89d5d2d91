// TfjsCustomModel: a user-written tfjs network behind the Model contract.

import type { Tensor } from '@tensorflow/tfjs';
import { makeProblem, randn, randomMasks, relErr } from '../reference/__fixtures__/numeric';
import { TfjsCustomModel, type TfjsForwardFn } from './custom-model';
import { loadTfjs } from './load';
import { hvpSafeTanh } from './ops';

const tfjs = loadTfjs();

/** The reference 2-hidden-layer tanh MLP, written by hand with different ops (transpose + matMul). */
const handMlp: TfjsForwardFn = (p, x, { tf, hiddenMasks }) => {
  const tanh = hvpSafeTanh(tf);
  const hidden: Tensor[] = [];
  let h = x;
  for (const k of [1, 2]) {
    h = tanh(tf.add(tf.matMul(h, tf.transpose(p[`W${k}`])), p[`b${k}`]));
    const m = hiddenMasks[k - 1];
    if (m) h = tf.mul(h, m);
    hidden.push(h);
  }
  return { out: tf.matMul(h, tf.transpose(p.V)), hidden };
};

describe('TfjsCustomModel', () => {
  it('a hand-written MLP agrees with the reference kernels (forward, loss, gradient, H·v, masks)', () => {
    const { model, batch, spec, rng } = makeProblem(41, 'tanh', [5, 4], { n: 6 });
    model.params.set(Float32Array.from(model.params));
    batch.x.set(Float32Array.from(batch.x));
    batch.y.set(Float32Array.from(batch.y));
    const custom = new TfjsCustomModel({
      inputDim: 3,
      outputDim: 2,
      params: model.views.map(({ name, shape }) => ({ name, shape })),
      forward: handMlp,
      hidden: [5, 4],
      activation: 'tanh',
      weightMaskParams: ['W1', 'W2', 'V'],
      initial: model.params,
      tfjs,
    });
    expect(custom.spec).toEqual({ inputDim: 3, hidden: [5, 4], outputDim: 2, activation: 'tanh', outputBias: false });
    expect(custom.nParams).toBe(model.nParams);
    const masks = randomMasks(spec, batch.n, rng, { hidden: true, weight: true });
    for (const m of [undefined, masks]) {
      expect(relErr(custom.forward(batch.x, batch.n, m).out, model.forward(batch.x, batch.n, m).out)).toBeLessThan(1e-5);
      const g = model.newBuffer();
      const gc = custom.newBuffer();
      const l = model.lossAndGrad(batch, g, m);
      expect(Math.abs(custom.lossAndGrad(batch, gc, m) - l) / l).toBeLessThan(1e-5);
      expect(relErr(gc, g)).toBeLessThan(1e-3);
      const v = randn(rng, model.nParams);
      const hv = model.newBuffer();
      const hvc = custom.newBuffer();
      model.hvp(batch, Float64Array.from(Float32Array.from(v)), hv, undefined, m);
      custom.hvp(batch, v, hvc, undefined, m);
      expect(relErr(hvc, hv)).toBeLessThan(1e-3);
    }
  });

  it('runs a non-MLP architecture (skip connection, unused parameter): symmetric H, gradient vs finite differences', () => {
    // out = tanh(x·Aᵀ)·Bᵀ + x·Sᵀ; the parameter "spare" is never used and must get zero gradient.
    const forward: TfjsForwardFn = (p, x, { tf }) => {
      const h = hvpSafeTanh(tf)(tf.matMul(x, p.A, false, true));
      return { out: tf.add(tf.matMul(h, p.B, false, true), tf.matMul(x, p.S, false, true)), hidden: [h] };
    };
    const rng = makeProblem(42, 'relu', [3]).rng;
    const model = new TfjsCustomModel({
      inputDim: 3,
      outputDim: 2,
      params: [
        { name: 'A', shape: [4, 3] },
        { name: 'B', shape: [2, 4] },
        { name: 'S', shape: [2, 3] },
        { name: 'spare', shape: [2] },
      ],
      forward,
      tfjs,
    });
    model.params.set(randn(rng, model.nParams, 0.7));
    const batch = { x: randn(rng, 15), y: randn(rng, 10), n: 5 };
    const g = model.newBuffer();
    const loss = model.lossAndGrad(batch, g);
    expect(loss).toBeCloseTo(model.loss(batch), 6);
    expect(Array.from(g.subarray(model.nParams - 2))).toEqual([0, 0]);
    const eps = 1e-2;
    const fd = Float64Array.from(g, (_, i) => {
      const plus = Float64Array.from(model.params);
      const minus = Float64Array.from(model.params);
      plus[i] += eps;
      minus[i] -= eps;
      return (model.loss(batch, plus) - model.loss(batch, minus)) / (2 * eps);
    });
    expect(relErr(g, fd)).toBeLessThan(1e-3);
    const u = randn(rng, model.nParams);
    const v = randn(rng, model.nParams);
    const hu = model.newBuffer();
    const hv = model.newBuffer();
    model.hvp(batch, u, hu);
    model.hvp(batch, v, hv);
    let uHv = 0;
    let vHu = 0;
    for (let i = 0; i < u.length; i++) {
      uHv += u[i] * hv[i];
      vHu += v[i] * hu[i];
    }
    expect(Math.abs(uHv - vHu)).toBeLessThan(1e-4 * Math.abs(uHv));
    expect(Array.from(hv.subarray(model.nParams - 2))).toEqual([0, 0]);
    const gp = model.newBuffer();
    const gm = model.newBuffer();
    model.lossAndGrad(batch, gp, undefined, Float64Array.from(model.params, (t, i) => t + eps * v[i]));
    model.lossAndGrad(batch, gm, undefined, Float64Array.from(model.params, (t, i) => t - eps * v[i]));
    expect(relErr(hv, Float64Array.from(gp, (x, i) => (x - gm[i]) / (2 * eps)))).toBeLessThan(1e-3);
    expect(model.forward(batch.x, batch.n).hidden[0].length).toBe(5 * 4);
  });

  it('checks its inputs', () => {
    const forward: TfjsForwardFn = (p, x, { tf }) => ({ out: tf.matMul(x, p.W, false, true), hidden: [] });
    const mk = (params: { name: string; shape: number[] }[]) => new TfjsCustomModel({ inputDim: 2, outputDim: 3, params, forward, tfjs });
    expect(() => mk([{ name: 'W', shape: [3, 2] }, { name: 'W', shape: [1] }])).toThrow(/duplicate/);
    expect(() => mk([{ name: 'W', shape: [3, 0] }])).toThrow(/invalid shape/);
    const wrongOut = new TfjsCustomModel({ inputDim: 2, outputDim: 2, params: [{ name: 'W', shape: [3, 2] }], forward, tfjs });
    expect(() => wrongOut.forward(new Float32Array(4), 2)).toThrow(/expected \[2, 2\]/);
    expect(() => mk([{ name: 'W', shape: [3, 2] }]).forward(new Float32Array(3), 2)).toThrow(/x has length 3/);
  });
});
