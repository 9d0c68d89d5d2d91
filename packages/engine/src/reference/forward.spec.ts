// Forward pass, loss and gradient on hand-computed examples, and what masks mean.

import type { MlpSpec } from '@driftlab/core';
import { MlpModelF64 } from './model-f64';
import { makeProblem, randomMasks, relErr } from './__fixtures__/numeric';

// 2 → 2 → 1: W1 = [[1, −1], [0.5, 2]], b1 = [0.1, −0.2], V = [[3, −1]], x = [1, 2].
// z = [1 − 2 + 0.1, 0.5 + 4 − 0.2] = [−0.9, 4.3].
const tiny: MlpSpec = { inputDim: 2, hidden: [2], outputDim: 1, activation: 'relu', outputBias: false };
const tinyParams = [1, -1, 0.5, 2, 0.1, -0.2, 3, -1];
const x = Float64Array.of(1, 2);

describe('forward on a hand-computed 2→2→1 net', () => {
  it('relu: h = [0, 4.3], out = −4.3', () => {
    const model = new MlpModelF64(tiny, Float64Array.from(tinyParams));
    const r = model.forward(x, 1);
    expect(r.hidden[0][0]).toBe(0);
    expect(r.hidden[0][1]).toBeCloseTo(4.3, 14);
    expect(r.out[0]).toBeCloseTo(-4.3, 14);
  });

  it('tanh and linear', () => {
    const t = new MlpModelF64({ ...tiny, activation: 'tanh' }, Float64Array.from(tinyParams)).forward(x, 1);
    expect(t.hidden[0][0]).toBeCloseTo(Math.tanh(-0.9), 15);
    expect(t.out[0]).toBeCloseTo(3 * Math.tanh(-0.9) - Math.tanh(4.3), 14);
    const l = new MlpModelF64({ ...tiny, activation: 'linear' }, Float64Array.from(tinyParams)).forward(x, 1);
    expect(l.out[0]).toBeCloseTo(3 * -0.9 - 4.3, 14);
  });

  it('adds the output bias c when outputBias is set', () => {
    const model = new MlpModelF64({ ...tiny, outputBias: true }, Float64Array.from([...tinyParams, 0.5]));
    expect(model.forward(x, 1).out[0]).toBeCloseTo(-3.8, 14);
  });

  it('hidden masks multiply the post-activation (and the next layer sees the masked values)', () => {
    const model = new MlpModelF64(tiny, Float64Array.from(tinyParams));
    const r = model.forward(x, 1, { hiddenMasks: [Float64Array.of(1, 2)] });
    expect(r.hidden[0][1]).toBeCloseTo(8.6, 14);
    expect(r.out[0]).toBeCloseTo(-8.6, 14);
  });

  it('loss is the mean over n × outputDim and the gradient is the hand-computed one', () => {
    const model = new MlpModelF64(tiny, Float64Array.from(tinyParams));
    const batch = { x, y: Float64Array.of(-4), n: 1 };
    expect(model.loss(batch)).toBeCloseTo(0.09, 14);
    const g = model.newBuffer();
    expect(model.lossAndGrad(batch, g)).toBeCloseTo(0.09, 14);
    // dOut = 2(−0.3) = −0.6; dV = dOut·h = [0, −2.58]; dh = dOut·V = [−1.8, 0.6];
    // unit 1 is dead, so dz = [0, 0.6]; dW1 = dzᵀx = [[0, 0], [0.6, 1.2]]; db1 = [0, 0.6].
    const expected = [0, 0, 0.6, 1.2, 0, 0.6, 0, -2.58];
    expected.forEach((e, i) => expect(g[i]).toBeCloseTo(e, 13));
    // Two samples, two outputs: mean over all four entries.
    const two = new MlpModelF64({ ...tiny, outputDim: 2 }, Float64Array.from([...tinyParams.slice(0, 6), 3, -1, 0, 1]));
    const loss = two.loss({ x: Float64Array.of(1, 2, 0, 0), y: Float64Array.of(0, 0, 0, 0), n: 2 });
    // sample 1: out = [−4.3, 4.3]; sample 2: z = [0.1, −0.2], h = [0.1, 0], out = [0.3, 0].
    expect(loss).toBeCloseTo((4.3 ** 2 * 2 + 0.3 ** 2) / 4, 13);
  });
});

describe('masks', () => {
  it('a weight mask equals running the unmasked net on W ⊙ M (DropConnect)', () => {
    const { model, batch, spec, rng } = makeProblem(4, 'tanh', [4, 3]);
    const masks = randomMasks(spec, batch.n, rng, { hidden: false, weight: true });
    const masked = Float64Array.from(model.params);
    const wm = masks.weightMasks!;
    ['W1', 'W2', 'V'].forEach((name, k) => {
      const v = model.views.find((p) => p.name === name)!;
      for (let i = 0; i < v.length; i++) masked[v.offset + i] *= wm[k]![i];
    });
    expect(relErr(model.forward(batch.x, batch.n, masks).out, model.forward(batch.x, batch.n, undefined, masked).out)).toBeLessThan(1e-15);
  });

  it('all-ones masks change nothing; null entries mean "no mask at this site"', () => {
    const { model, batch, spec } = makeProblem(6, 'relu', [4, 3]);
    const ones = { hiddenMasks: spec.hidden.map((u) => new Float64Array(batch.n * u).fill(1)), weightMasks: [null, null, null] };
    const g0 = model.newBuffer();
    const g1 = model.newBuffer();
    expect(model.lossAndGrad(batch, g1, ones)).toBe(model.lossAndGrad(batch, g0));
    expect(Array.from(g1)).toEqual(Array.from(g0));
  });

  it('rejects masks of the wrong size', () => {
    const { model, batch } = makeProblem(6, 'relu', [4]);
    expect(() => model.loss(batch, undefined, { hiddenMasks: [new Float64Array(3)] })).toThrow(/hiddenMasks\[0\]/);
    expect(() => model.loss(batch, undefined, { weightMasks: [null, new Float64Array(3)] })).toThrow(/weightMasks\[1\]/);
  });
});

describe('MlpModelF64 plumbing', () => {
  it('views are live slices of the one buffer; clone copies; newBuffer has length P', () => {
    const { model } = makeProblem(8, 'relu', [4]);
    model.view('b1')[2] = 42;
    expect(model.params[model.views.find((p) => p.name === 'b1')!.offset + 2]).toBe(42);
    const c = model.clone();
    expect(Array.from(c.params)).toEqual(Array.from(model.params));
    c.params[0] += 1;
    expect(c.params[0]).not.toBe(model.params[0]);
    expect(model.newBuffer()).toBeInstanceOf(Float64Array);
    expect(model.newBuffer().length).toBe(model.nParams);
    expect(() => model.view('W9')).toThrow(/W9/);
  });

  it('forward returns copies, and alternative params leave the live buffer alone', () => {
    const { model, batch } = makeProblem(9, 'tanh', [4]);
    const first = model.forward(batch.x, batch.n);
    const other = Float64Array.from(model.params, (v) => v * 0.5);
    const second = model.forward(batch.x, batch.n, undefined, other);
    expect(relErr(first.out, second.out)).toBeGreaterThan(1e-3);
    expect(relErr(first.out, model.forward(batch.x, batch.n).out)).toBe(0);
  });

  it('checks batch shapes', () => {
    const { model } = makeProblem(9, 'tanh', [4]);
    expect(() => model.loss({ x: new Float64Array(5), y: new Float64Array(4), n: 2 })).toThrow(/batch.x/);
  });
});
