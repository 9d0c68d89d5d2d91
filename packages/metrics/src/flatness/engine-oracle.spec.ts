// The flatness kernels against independent implementations: the engine's reference Model.hvp (float64) and
// TensorFlow.js nested tf.grads (float32). Metrics never import the engine at runtime; only this test does.
import type * as TfNamespace from '@tensorflow/tfjs';
import { MlpModelF64, TfjsModel } from '@driftlab/engine';
import { maxRelDiff, randomNet } from './__fixtures__/nets';
import { checkLayout } from './flatness-of-params';
import { MlpHessian } from './mlp-hessian';
import { OneLayerHessian } from './one-layer';

const CASES = [
  { activation: 'relu' as const, hidden: [7], outputBias: false },
  { activation: 'tanh' as const, hidden: [7], outputBias: true },
  { activation: 'linear' as const, hidden: [4], outputBias: true },
  { activation: 'relu' as const, hidden: [5, 4], outputBias: false },
];

describe('flatness kernels vs the engine reference model (float64)', () => {
  it.each(CASES)('H·v agrees with MlpModelF64.hvp (%o)', (c) => {
    const net = randomNet(61, { ...c, n: 5 });
    const model = new MlpModelF64(net.spec, net.params);
    checkLayout(model);
    const v = randomNet(62, c).params;
    const want = new Float64Array(v.length);
    model.hvp(net.data, v, want);
    const got = new Float64Array(v.length);
    new MlpHessian(net.spec, net.params, net.data).hvp(v, got);
    const scale = Math.max(...Array.from(want).map(Math.abs));
    expect(maxRelDiff(got, want, scale)).toBeLessThan(1e-13);
    if (c.hidden.length === 1) {
      new OneLayerHessian(net.spec, net.params, net.data).hvp(v, got);
      expect(maxRelDiff(got, want, scale)).toBeLessThan(1e-13);
    }
    expect(new MlpHessian(net.spec, net.params, net.data).loss).toBeCloseTo(model.loss(net.data), 13);
  });
});

describe('flatness kernels vs TensorFlow.js nested tf.grads (float32)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tf = require('@tensorflow/tfjs') as typeof TfNamespace;
  tf.enableProdMode(); // no "install tfjs-node" banner

  it.each([
    { activation: 'relu' as const, outputBias: false },
    { activation: 'linear' as const, outputBias: true },
  ])('H·v of a tiny net matches forward-over-reverse autodiff (%o)', (c) => {
    const net = randomNet(63, { ...c, inputDim: 3, hidden: [4], outputDim: 2, n: 5, scale: 0.6 });
    const { inputDim: Din, outputDim: D } = net.spec;
    const N = 4;
    const n = net.data.n;
    const p = net.params;
    const v = randomNet(64, { ...c, inputDim: 3, hidden: [4], outputDim: 2 }).params;
    const split = (a: Float64Array) => {
      const parts = [tf.tensor2d(Array.from(a.subarray(0, N * Din)), [N, Din]), tf.tensor1d(Array.from(a.subarray(N * Din, N * Din + N))), tf.tensor2d(Array.from(a.subarray(N * Din + N, N * Din + N + D * N)), [D, N])];
      if (c.outputBias) parts.push(tf.tensor1d(Array.from(a.subarray(N * Din + N + D * N))));
      return parts;
    };
    const x = tf.tensor2d(Array.from(net.data.x), [n, Din]);
    const y = tf.tensor2d(Array.from(net.data.y), [n, D]);
    const act = (z: TfNamespace.Tensor) => (c.activation === 'relu' ? tf.relu(z) : z);
    const loss = (...ps: TfNamespace.Tensor[]) => {
      const h = act(tf.add(tf.matMul(x, ps[0], false, true), ps[1]));
      let out = tf.matMul(h, ps[2], false, true);
      if (c.outputBias) out = tf.add(out, ps[3]);
      return tf.mean(tf.square(tf.sub(out, y))) as TfNamespace.Scalar;
    };
    const vs = split(v);
    const gradDotV = (...ps: TfNamespace.Tensor[]) => {
      const gs = tf.grads(loss)(ps);
      return tf.addN(gs.map((g, i) => tf.sum(tf.mul(g, vs[i])))) as TfNamespace.Scalar;
    };
    const hv = tf.grads(gradDotV)(split(p));
    const tfHv = Float64Array.from(hv.flatMap((t) => Array.from(t.dataSync())));
    const ours = new Float64Array(p.length);
    new OneLayerHessian(net.spec, p, net.data).hvp(v, ours);
    const scale = Math.max(...Array.from(ours).map(Math.abs));
    expect(maxRelDiff(tfHv, ours, scale)).toBeLessThan(2e-5);
  });

  it('H·v of a tanh net matches the engine tfjs backend (nested tf.grads, HVP-safe tanh)', () => {
    const net = randomNet(65, { activation: 'tanh', inputDim: 3, hidden: [4], outputDim: 2, n: 5, scale: 0.6, outputBias: true });
    const model = new TfjsModel(net.spec, { params: Float32Array.from(net.params) });
    const v = randomNet(66, { activation: 'tanh', inputDim: 3, hidden: [4], outputDim: 2, outputBias: true }).params;
    const want = new Float32Array(v.length);
    model.hvp({ x: Float32Array.from(net.data.x), y: Float32Array.from(net.data.y), n: net.data.n }, Float32Array.from(v), want);
    const ours = new Float64Array(v.length);
    new OneLayerHessian(net.spec, Float64Array.from(Float32Array.from(net.params)), net.data).hvp(Float64Array.from(Float32Array.from(v)), ours);
    const scale = Math.max(...Array.from(ours).map(Math.abs));
    expect(maxRelDiff(want, ours, scale)).toBeLessThan(2e-5);
  });
});
