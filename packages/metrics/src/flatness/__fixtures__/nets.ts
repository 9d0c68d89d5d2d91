// Small random networks and data for the flatness tests (deterministic, from core's RandomStream).

import { RandomStream, type Activation, type MlpSpec } from '@driftlab/core';
import { MlpHessian, type Data64 } from '../mlp-hessian';
import { mlpLayout } from '../mlp-layout';

export interface TestNet {
  spec: MlpSpec;
  params: Float64Array;
  data: Data64;
}

export function randomNet(
  seed: number,
  { inputDim = 4, hidden = [6], outputDim = 3, n = 5, activation = 'relu' as Activation, outputBias = false, scale = 0.8 } = {},
): TestNet {
  const spec: MlpSpec = { inputDim, hidden, outputDim, activation, outputBias };
  const s = RandomStream.derive(seed, 'flatness-test');
  const params = new Float64Array(mlpLayout(spec).nParams);
  s.fillNormal(params, 0, scale);
  const x = new Float64Array(n * inputDim);
  s.fillNormal(x, 1);
  const y = new Float64Array(n * outputDim);
  s.fillNormal(y, 2);
  return { spec, params, data: { x, y, n } };
}

/** Kills hidden unit k of the first layer: no sample activates it (ReLU), so its Hessian rows vanish. */
export function killUnit(net: TestNet, k: number): void {
  const { w, b, fanIn } = mlpLayout(net.spec).layers[0];
  for (let l = 0; l < fanIn; l++) net.params[w + k * fanIn + l] = 0;
  net.params[b + k] = -1;
}

/** Sets y = f(x) so the loss is exactly zero (a point on the zero-loss manifold: residual part vanishes). */
export function fitTargets(net: TestNet): void {
  net.data.y.set(new MlpHessian(net.spec, net.params, net.data).out);
}

/** Max |a_i − b_i| / scale. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, scale: number): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e / scale;
}
