import { symmetricEigenvalues } from '../linalg';
import { killUnit, randomNet } from './__fixtures__/nets';
import { gaussNewtonGram, gramSpectrum } from './gram';
import { MlpHessian } from './mlp-hessian';
import { OneLayerHessian } from './one-layer';

describe('Gauss–Newton via the n·D Gram matrix', () => {
  it.each([
    { activation: 'relu' as const, outputBias: false },
    { activation: 'relu' as const, outputBias: true },
    { activation: 'tanh' as const, outputBias: true },
  ])('has the non-zero spectrum of the dense P × P Gauss–Newton matrix (%o)', (c) => {
    const net = randomNet(41, { ...c, hidden: [7], n: 4 });
    killUnit(net, 0);
    const P = net.params.length;
    const gen = new MlpHessian(net.spec, net.params, net.data);
    const g = new Float64Array(P * P);
    const e = new Float64Array(P);
    const col = new Float64Array(P);
    for (let p = 0; p < P; p++) {
      e[p] = 1;
      gen.gaussNewtonHvp(e, col);
      e[p] = 0;
      for (let q = 0; q < P; q++) g[q * P + p] = col[q];
    }
    const dense = symmetricEigenvalues(g, P).reverse();
    const gram = gramSpectrum(new OneLayerHessian(net.spec, net.params, net.data));
    const nD = net.data.n * net.spec.outputDim;
    expect(gram.length).toBe(nD);
    for (let i = 0; i < nD; i++) expect(Math.abs(gram[i] - dense[i])).toBeLessThan(1e-12 * dense[0]);
    for (let i = nD; i < P; i++) expect(Math.abs(dense[i])).toBeLessThan(1e-12 * dense[0]);
  });

  it('has the closed-form entries on a hand example', () => {
    // 1 → 1 → 1 linear, f = v·(w·x + b): J·Jᵀ = |∂f/∂θ|² = (v·x)² + v² + h² for one sample.
    const spec = { inputDim: 1, hidden: [1], outputDim: 1, activation: 'linear' as const, outputBias: false };
    const op = new OneLayerHessian(spec, Float64Array.of(0.5, 1, 3), { x: Float64Array.of(2), y: Float64Array.of(1), n: 1 });
    expect(Array.from(gaussNewtonGram(op))).toEqual([2 * (36 + 9 + 4)]);
  });
});
