// The MLP of an MlpSpec on TensorFlow.js: same layout, same masks, same numbers as the reference
// backend (to float32 precision). float32 only, because tfjs computes in float32.

import type { Tensor } from '@tensorflow/tfjs';
import type { FloatArray, MlpSpec } from '@driftlab/core';
import { mlpLayout } from '../layout';
import { TfjsCustomModel, type TfjsForwardFn } from './custom-model';
import type { LoadedTfjs } from './load';
import { tfActivation } from './ops';

/** hidden_k = act(h_{k-1}·W_kᵀ + b_k) ⊙ hiddenMask_k;  out = h_L·Vᵀ (+ c). */
export function mlpForwardTf(spec: MlpSpec): TfjsForwardFn {
  return (p, x, { tf, hiddenMasks }) => {
    const act = tfActivation(tf, spec.activation);
    const hidden: Tensor[] = [];
    let h = x;
    spec.hidden.forEach((_, k) => {
      let a = act(tf.add(tf.matMul(h, p[`W${k + 1}`], false, true), p[`b${k + 1}`]));
      const m = hiddenMasks[k];
      if (m) a = tf.mul(a, m);
      hidden.push(a);
      h = a;
    });
    let out = tf.matMul(h, p.V, false, true);
    if (spec.outputBias) out = tf.add(out, p.c);
    return { out, hidden };
  };
}

export interface TfjsModelOptions {
  /** Initial parameters (copied); zeros when omitted. */
  params?: FloatArray;
  tfjs?: LoadedTfjs;
}

export class TfjsModel extends TfjsCustomModel {
  constructor(spec: MlpSpec, options: TfjsModelOptions = {}) {
    super({
      inputDim: spec.inputDim,
      outputDim: spec.outputDim,
      params: mlpLayout(spec).map(({ name, shape }) => ({ name, shape })),
      forward: mlpForwardTf(spec),
      weightMaskParams: [...spec.hidden.map((_, k) => `W${k + 1}`), 'V'],
      initial: options.params,
      tfjs: options.tfjs,
      spec,
    });
  }

  override clone(): TfjsModel {
    return new TfjsModel(this.spec, { params: this.params, tfjs: this.tfjs });
  }
}
