import { randomNet, maxRelDiff, type TestNet } from './__fixtures__/nets';
import { denseHessian } from './dense-reference';
import { MlpHessian } from './mlp-hessian';

function gradAt(net: TestNet, params: Float64Array): Float64Array {
  const g = new Float64Array(params.length);
  new MlpHessian(net.spec, params, net.data).gradient(g);
  return g;
}

const CASES = [
  { activation: 'relu' as const, hidden: [6], outputBias: false },
  { activation: 'tanh' as const, hidden: [6], outputBias: true },
  { activation: 'linear' as const, hidden: [3], outputBias: false },
  { activation: 'relu' as const, hidden: [5, 4], outputBias: true },
  { activation: 'tanh' as const, hidden: [4, 3, 3], outputBias: false },
];

describe('MlpHessian (generic R-operator)', () => {
  it('reproduces a hand-computed 3-parameter Hessian', () => {
    // f = v·(w·x + b), x = 2, w = 0.5, b = 1, v = 3, y = 1 → r = 5, J = [6, 3, 2];
    // H = 2·JᵀJ + 2r·[[0,0,x],[0,0,1],[x,1,0]] = [[72,36,44],[36,18,22],[44,22,8]].
    for (const activation of ['relu', 'linear'] as const) {
      const spec = { inputDim: 1, hidden: [1], outputDim: 1, activation, outputBias: false };
      const op = new MlpHessian(spec, Float64Array.of(0.5, 1, 3), { x: Float64Array.of(2), y: Float64Array.of(1), n: 1 });
      expect(op.loss).toBe(25);
      const h = denseHessian(spec, Float64Array.of(0.5, 1, 3), { x: Float64Array.of(2), y: Float64Array.of(1), n: 1 });
      expect(Array.from(h)).toEqual([72, 36, 44, 36, 18, 22, 44, 22, 8]);
      const g = new Float64Array(3);
      op.gradient(g);
      expect(Array.from(g)).toEqual([60, 30, 20]); // 2r·J
    }
  });

  it.each(CASES)('gradient matches central differences of the loss (%o)', (c) => {
    const net = randomNet(11, { ...c, n: 4 });
    const g = gradAt(net, net.params);
    const eps = 1e-6;
    for (let p = 0; p < net.params.length; p += 3) {
      const plus = net.params.slice();
      const minus = net.params.slice();
      plus[p] += eps;
      minus[p] -= eps;
      const fd = (new MlpHessian(net.spec, plus, net.data).loss - new MlpHessian(net.spec, minus, net.data).loss) / (2 * eps);
      expect(Math.abs(fd - g[p])).toBeLessThan(1e-7 * Math.max(1, Math.abs(g[p])));
    }
  });

  it.each(CASES)('H·v matches central differences of the gradient, float64 (%o)', (c) => {
    const net = randomNet(12, { ...c, n: 4 });
    const op = new MlpHessian(net.spec, net.params, net.data);
    const v = randomNet(13, { ...c }).params;
    const hv = new Float64Array(v.length);
    op.hvp(v, hv);
    const eps = 1e-5;
    const plus = net.params.map((p, i) => p + eps * v[i]);
    const minus = net.params.map((p, i) => p - eps * v[i]);
    const gp = gradAt(net, plus);
    const gm = gradAt(net, minus);
    const fd = gp.map((x, i) => (x - gm[i]) / (2 * eps));
    const scale = Math.max(...Array.from(hv).map(Math.abs));
    expect(maxRelDiff(fd, hv, scale)).toBeLessThan(1e-7);
  });

  it.each(CASES)('the Hessian is symmetric and J·v, Jᵀ·w are adjoint (%o)', (c) => {
    const net = randomNet(14, { ...c, n: 3 });
    const op = new MlpHessian(net.spec, net.params, net.data);
    const u = randomNet(15, c).params;
    const v = randomNet(16, c).params;
    const hu = new Float64Array(u.length);
    const hv = new Float64Array(v.length);
    op.hvp(u, hu);
    op.hvp(v, hv);
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
    expect(Math.abs(dot(u, hv) - dot(v, hu))).toBeLessThan(1e-12 * Math.abs(dot(u, hv)) + 1e-13);
    const w = randomNet(17, c).data.y; // any n × outputDim vector
    const jtw = new Float64Array(v.length);
    op.backward(w, jtw);
    expect(Math.abs(dot(op.jvp(v), w) - dot(v, jtw))).toBeLessThan(1e-12 * Math.abs(dot(v, jtw)) + 1e-13);
  });

  it.each(CASES)('Gauss–Newton trace equals the diagonal of the dense Gauss–Newton matrix (%o)', (c) => {
    const net = randomNet(18, { ...c, n: 3 });
    const op = new MlpHessian(net.spec, net.params, net.data);
    const P = op.nParams;
    const e = new Float64Array(P);
    const col = new Float64Array(P);
    let diag = 0;
    for (let p = 0; p < P; p++) {
      e[p] = 1;
      op.gaussNewtonHvp(e, col);
      e[p] = 0;
      diag += col[p];
    }
    expect(op.gaussNewtonTrace()).toBeCloseTo(diag, 10);
  });
});
