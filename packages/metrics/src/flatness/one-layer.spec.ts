import { fitTargets, killUnit, maxRelDiff, randomNet } from './__fixtures__/nets';
import { denseHessian } from './dense-reference';
import { MlpHessian } from './mlp-hessian';
import { OneLayerHessian } from './one-layer';

const CASES = (['relu', 'tanh', 'linear'] as const).flatMap((activation) =>
  [false, true].map((outputBias) => ({ activation, outputBias, hidden: [7], n: 5 })),
);

describe('OneLayerHessian (structured one-hidden-layer Hessian)', () => {
  it.each(CASES)('H·v and its Gauss–Newton / residual parts match the generic R-operator (%o)', (c) => {
    const net = randomNet(21, c);
    killUnit(net, 2);
    const gen = new MlpHessian(net.spec, net.params, net.data);
    const one = new OneLayerHessian(net.spec, net.params, net.data);
    const v = randomNet(22, c).params;
    const P = v.length;
    const [a, b, gnGen, gn, res] = [0, 1, 2, 3, 4].map(() => new Float64Array(P));
    gen.hvp(v, a);
    one.hvp(v, b);
    gen.gaussNewtonHvp(v, gnGen);
    one.hvp(v, gn, 'gaussNewton');
    one.hvp(v, res, 'residual');
    const scale = Math.max(...Array.from(a).map(Math.abs));
    expect(maxRelDiff(a, b, scale)).toBeLessThan(1e-14);
    expect(maxRelDiff(gnGen, gn, scale)).toBeLessThan(1e-14);
    expect(maxRelDiff(a, gn.map((x, i) => x + res[i]), scale)).toBeLessThan(1e-14);
    expect(one.loss).toBeCloseTo(gen.loss, 14);
  });

  it.each(CASES)('traces equal the dense diagonal; ReLU/linear residual diagonal is exactly zero (%o)', (c) => {
    const net = randomNet(23, c);
    const one = new OneLayerHessian(net.spec, net.params, net.data);
    const h = denseHessian(net.spec, net.params, net.data);
    const P = one.nParams;
    let tr = 0;
    for (let p = 0; p < P; p++) tr += h[p * P + p];
    expect(one.gaussNewtonTrace() + one.residualTrace()).toBeCloseTo(tr, 11);
    if (c.activation !== 'tanh') {
      expect(one.residualTrace()).toBe(0);
      const res = new Float64Array(P);
      const e = new Float64Array(P);
      for (let p = 0; p < P; p++) {
        e[p] = 1;
        one.hvp(e, res, 'residual');
        e[p] = 0;
        expect(res[p]).toBe(0);
      }
    } else expect(Math.abs(one.residualTrace())).toBeGreaterThan(1e-6);
  });

  it('a dead ReLU unit has exactly zero Hessian rows and is counted', () => {
    const net = randomNet(24, { hidden: [6], n: 4, scale: 0.3 });
    for (let k = 0; k < 6; k++) net.params[6 * net.spec.inputDim + k] = 5; // b1: every unit active…
    killUnit(net, 1); // …except two
    killUnit(net, 4);
    const one = new OneLayerHessian(net.spec, net.params, net.data);
    expect(one.deadUnits).toBe(2);
    expect(Array.from(one.live)).toEqual([0, 2, 3, 5]);
    const h = denseHessian(net.spec, net.params, net.data);
    const P = one.nParams;
    const Din = net.spec.inputDim;
    const N = 6;
    const rowsOfUnit = (k: number) => [
      ...Array.from({ length: Din }, (_, l) => k * Din + l),
      N * Din + k,
      ...Array.from({ length: net.spec.outputDim }, (_, j) => N * Din + N + j * N + k),
    ];
    for (const k of [1, 4]) for (const p of rowsOfUnit(k)) for (let q = 0; q < P; q++) expect(h[p * P + q]).toBe(0);
  });

  it('on the zero-loss manifold the residual part vanishes (H = Gauss–Newton)', () => {
    const net = randomNet(25, { activation: 'tanh', hidden: [5] });
    fitTargets(net);
    const one = new OneLayerHessian(net.spec, net.params, net.data);
    expect(one.loss).toBe(0);
    const v = randomNet(26, {}).params;
    const res = new Float64Array(v.length);
    one.hvp(v, res, 'residual');
    expect(Math.max(...Array.from(res).map(Math.abs))).toBe(0);
  });
});
