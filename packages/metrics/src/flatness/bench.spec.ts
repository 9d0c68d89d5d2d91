import { RandomStream } from '@driftlab/core';
import { randomNet } from './__fixtures__/nets';
import { trainGd } from './bench';
import { MlpHessian } from './mlp-hessian';

describe('bench trainGd (the benchmark snapshots)', () => {
  it('takes exactly the full-batch gradient step θ − lr·∇L without noise', () => {
    const net = randomNet(81, { inputDim: 3, hidden: [5], outputDim: 2, n: 4 });
    const grad = new Float64Array(net.params.length);
    new MlpHessian(net.spec, net.params, net.data).gradient(grad);
    const want = net.params.map((p, i) => p - 0.1 * grad[i]);
    trainGd(net, 1, 0.1, 0, 0);
    net.params.forEach((p, i) => expect(p).toBeCloseTo(want[i], 14));
  });

  it('adds N(0, σ²) update noise to the gradient before the learning rate (DriftReg), from the update-noise stream', () => {
    const a = randomNet(82, { inputDim: 3, hidden: [5], outputDim: 2, n: 4 });
    const b = randomNet(82, { inputDim: 3, hidden: [5], outputDim: 2, n: 4 });
    trainGd(a, 1, 0.1, 0, 7);
    trainGd(b, 1, 0.1, 0.5, 7);
    const xi = new Float64Array(a.params.length);
    RandomStream.derive(7, 'update-noise').fillNormal(xi, 0, 0.5);
    b.params.forEach((p, i) => expect(p).toBeCloseTo(a.params[i] - 0.1 * xi[i], 14));
  });
});
