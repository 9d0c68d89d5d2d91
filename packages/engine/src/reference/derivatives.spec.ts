// The heart of the engine: gradients and Hessian-vector products of the reference kernels against
// finite differences, and the symmetry of the Hessian, for every activation, depth and mask site.

import type { Activation } from '@driftlab/core';
import { MlpModelF64 } from './model-f64';
import { dot, fdGradient, fdHvp, makeProblem, randn, randomMasks, relErr } from './__fixtures__/numeric';

const activations: Activation[] = ['relu', 'tanh', 'linear'];
const depths = [[4], [4, 3]];
const maskCases = [
  { name: 'no masks', hidden: false, weight: false },
  { name: 'hidden masks', hidden: true, weight: false },
  { name: 'weight masks (DropConnect)', hidden: false, weight: true },
  { name: 'both masks', hidden: true, weight: true },
];
const seeds = [1, 2, 3];

const cases = activations.flatMap((act) => depths.flatMap((hidden) => maskCases.map((mc) => [act, hidden, mc] as const)));

describe.each(cases)('%s net %j, %o', (activation, hidden, mc) => {
  it.each(seeds)('gradient matches central finite differences (seed %i)', (seed) => {
    const { model, batch, spec, rng } = makeProblem(seed, activation, hidden, { outputBias: seed === 2 });
    const masks = mc.hidden || mc.weight ? randomMasks(spec, batch.n, rng, mc) : undefined;
    const grad = model.newBuffer();
    const loss = model.lossAndGrad(batch, grad, masks);
    expect(loss).toBeCloseTo(model.loss(batch, undefined, masks), 14);
    expect(relErr(grad, fdGradient(model, batch, masks))).toBeLessThan(1e-6);
  });

  it.each(seeds)('Hessian-vector product matches finite differences of the gradient and is symmetric (seed %i)', (seed) => {
    const { model, batch, spec, rng } = makeProblem(seed, activation, hidden, { outputBias: seed === 3 });
    const masks = mc.hidden || mc.weight ? randomMasks(spec, batch.n, rng, mc) : undefined;
    const v = randn(rng, model.nParams);
    const u = randn(rng, model.nParams);
    const hv = model.newBuffer();
    const hu = model.newBuffer();
    model.hvp(batch, v, hv, undefined, masks);
    model.hvp(batch, u, hu, undefined, masks);
    expect(relErr(hv, fdHvp(model, batch, v, masks))).toBeLessThan(1e-6);
    const uHv = dot(u, hv);
    const vHu = dot(v, hu);
    expect(Math.abs(uHv - vHu)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(uHv)));
  });
});

describe('Hessian-vector product properties', () => {
  it('is linear in v, and exact on the readout block (the loss is quadratic in V)', () => {
    const { model, batch, rng } = makeProblem(7, 'tanh', [4, 3]);
    const a = randn(rng, model.nParams);
    const b = randn(rng, model.nParams);
    const ha = model.newBuffer();
    const hb = model.newBuffer();
    const hab = model.newBuffer();
    model.hvp(batch, a, ha);
    model.hvp(batch, b, hb);
    model.hvp(batch, Float64Array.from(a, (x, i) => 2 * x - 3 * b[i]), hab);
    expect(relErr(hab, Float64Array.from(ha, (x, i) => 2 * x - 3 * hb[i]))).toBeLessThan(1e-13);
    // ∂loss/∂V is affine in V, so for a step d along V only, (H·d)_V = ∇_V f(θ + d) − ∇_V f(θ) exactly.
    const vOff = model.views.find((p) => p.name === 'V')!.offset;
    const d = new Float64Array(model.nParams);
    for (let i = vOff; i < model.nParams; i++) d[i] = a[i];
    const g0 = model.newBuffer();
    const g1 = model.newBuffer();
    model.lossAndGrad(batch, g0);
    model.lossAndGrad(batch, g1, undefined, Float64Array.from(model.params, (t, i) => t + d[i]));
    const hd = model.newBuffer();
    model.hvp(batch, d, hd);
    expect(relErr(hd.subarray(vOff), Float64Array.from(g1.subarray(vOff), (x, i) => x - g0[vOff + i]))).toBeLessThan(1e-12);
  });

  it('includes the tanh second-derivative term (hand-computed 1→1→1 net)', () => {
    // f(w, b, V) = (V·tanh(w·x + b) − y)²;  ∂²f/∂b² = 2V²s² − 4(V·t − y)·V·t·s, t = tanh(wx+b), s = 1 − t².
    const spec = { inputDim: 1, hidden: [1], outputDim: 1, activation: 'tanh' as const, outputBias: false };
    const model = new MlpModelF64(spec, Float64Array.from([0.7, -0.2, 1.3]));
    const x = 0.9;
    const y = 2.5;
    const t = Math.tanh(0.7 * x - 0.2);
    const s = 1 - t * t;
    const hv = model.newBuffer();
    model.hvp({ x: Float64Array.of(x), y: Float64Array.of(y), n: 1 }, Float64Array.of(0, 1, 0), hv);
    const dbdb = 2 * 1.3 * 1.3 * s * s - 4 * (1.3 * t - y) * 1.3 * t * s;
    const dwdb = x * dbdb; // ∂²f/∂w∂b: z = wx + b, so the w-row is x times the b-row
    const dVdb = 2 * 1.3 * s * t + 2 * (1.3 * t - y) * s; // ∂/∂b of 2(Vt − y)·t
    expect(hv[1]).toBeCloseTo(dbdb, 13);
    expect(hv[0]).toBeCloseTo(dwdb, 13);
    expect(hv[2]).toBeCloseTo(dVdb, 13);
  });

  it('accepts out === v and a float32 direction', () => {
    const { model, batch, rng } = makeProblem(5, 'relu', [4, 3]);
    const v = randn(rng, model.nParams);
    const expected = model.newBuffer();
    model.hvp(batch, v, expected);
    const inPlace = Float64Array.from(v);
    model.hvp(batch, inPlace, inPlace);
    expect(Array.from(inPlace)).toEqual(Array.from(expected));
    const out32 = new Float32Array(model.nParams);
    model.hvp(batch, v, out32);
    expect(relErr(out32, expected)).toBeLessThan(1e-6);
  });
});
