// A deliberately plain one-hidden-layer ReLU MLP (float64) for core's own tests; the real kernels live in
// @driftlab/engine, which core must not depend on.
import type { Batch, Masks, Model, ParamView } from '../model';
import { SequentialRandom } from '../rng';

export function tinyMlp(din: number, nh: number, dout: number, seed = 1): Model {
  const P = nh * din + nh + dout * nh;
  const views: ParamView[] = [
    { name: 'W1', offset: 0, length: nh * din, shape: [nh, din] },
    { name: 'b1', offset: nh * din, length: nh, shape: [nh] },
    { name: 'V', offset: nh * din + nh, length: dout * nh, shape: [dout, nh] },
  ];
  const params = new Float64Array(P);
  const rng = SequentialRandom.derive(seed, 'init');
  for (let i = 0; i < nh * din + nh; i++) params[i] = rng.normal() * Math.sqrt(2 / din);
  for (let i = nh * din + nh; i < P; i++) params[i] = rng.normal() * Math.sqrt(2 / nh);
  const spec = { inputDim: din, hidden: [nh], outputDim: dout, activation: 'relu' as const, outputBias: false };

  function forward(x: Float64Array | Float32Array, n: number, masks?: Masks, p: Float64Array | Float32Array = params) {
    const h = new Float64Array(n * nh);
    const out = new Float64Array(n * dout);
    const mask = masks?.hiddenMasks?.[0];
    for (let s = 0; s < n; s++) {
      for (let j = 0; j < nh; j++) {
        let a = p[nh * din + j];
        for (let i = 0; i < din; i++) a += p[j * din + i] * x[s * din + i];
        h[s * nh + j] = Math.max(0, a) * (mask ? mask[s * nh + j] : 1);
      }
      for (let o = 0; o < dout; o++) {
        let a = 0;
        for (let j = 0; j < nh; j++) a += p[nh * din + nh + o * nh + j] * h[s * nh + j];
        out[s * dout + o] = a;
      }
    }
    return { out, hidden: [h] };
  }

  const model: Model = {
    spec,
    dtype: 'float64',
    params,
    views,
    nParams: P,
    view: (name) => {
      const v = views.find((x) => x.name === name)!;
      return params.subarray(v.offset, v.offset + v.length);
    },
    forward,
    loss(b: Batch, p = params, masks?: Masks) {
      const { out } = forward(b.x, b.n, masks, p);
      let s = 0;
      for (let i = 0; i < out.length; i++) s += (out[i] - b.y[i]) ** 2;
      return s / out.length;
    },
    lossAndGrad(b: Batch, grad, masks?: Masks, p = params) {
      const { out, hidden } = forward(b.x, b.n, masks, p);
      const h = hidden[0];
      const mask = masks?.hiddenMasks?.[0];
      grad.fill(0);
      const scale = 2 / out.length;
      let loss = 0;
      for (let s = 0; s < b.n; s++) {
        for (let o = 0; o < dout; o++) {
          const e = out[s * dout + o] - b.y[s * dout + o];
          loss += e * e;
          for (let j = 0; j < nh; j++) grad[nh * din + nh + o * nh + j] += scale * e * h[s * nh + j];
        }
        for (let j = 0; j < nh; j++) {
          if (!(h[s * nh + j] > 0)) continue;
          let d = 0;
          for (let o = 0; o < dout; o++) d += scale * (out[s * dout + o] - b.y[s * dout + o]) * p[nh * din + nh + o * nh + j];
          if (mask) d *= mask[s * nh + j];
          grad[nh * din + j] += d;
          for (let i = 0; i < din; i++) grad[j * din + i] += d * b.x[s * din + i];
        }
      }
      return loss / out.length;
    },
    hvp() {
      throw new Error('tinyMlp has no hvp');
    },
    newBuffer: () => new Float64Array(P),
    clone() {
      const m = tinyMlp(din, nh, dout, seed);
      m.params.set(params);
      return m;
    },
  };
  return model;
}

/** A small regression data set as a TaskData. */
export function tinyTask(n: number, din: number, dout: number, seed = 2) {
  const rng = SequentialRandom.derive(seed, 'data');
  const x = new Float64Array(n * din);
  const y = new Float64Array(n * dout);
  rng.fillUniform(x, -1, 1);
  rng.fillUniform(y, -1, 1);
  const position = Float64Array.from({ length: n }, (_, i) => i);
  return { id: 'tiny', n, inputDim: din, outputDim: dout, x, y, position, state: {}, directional: false };
}
