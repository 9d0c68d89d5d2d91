// TensorFlow.js pieces whose gradients can be differentiated again (needed for H·v by nested tf.grads).

import type { Tensor } from '@tensorflow/tfjs';
import type { Activation } from '@driftlab/core';
import type { Tf } from './load';

const tanhCache = new WeakMap<Tf, (x: Tensor) => Tensor>();

/**
 * tanh with a gradient written in terms of its input. tfjs' own Tanh gradient reuses the saved output,
 * which nested tf.grads cannot trace, so the second-derivative term −2·tanh·(1 − tanh²) would be lost.
 */
export function hvpSafeTanh(tf: Tf): (x: Tensor) => Tensor {
  let f = tanhCache.get(tf);
  if (!f) {
    const g = tf.customGrad((x, save) => {
      const input = x as Tensor;
      (save as (tensors: Tensor[]) => void)([input]);
      return {
        value: tf.tanh(input),
        gradFunc: (dy, saved) => tf.mul(dy, tf.sub(tf.scalar(1), tf.square(tf.tanh(saved[0])))),
      };
    });
    f = (x: Tensor) => g(x);
    tanhCache.set(tf, f);
  }
  return f;
}

/** The activation as a tfjs function (relu's gradient uses its input, so it is safe as is). */
export function tfActivation(tf: Tf, activation: Activation): (x: Tensor) => Tensor {
  if (activation === 'relu') return (x) => tf.relu(x);
  if (activation === 'tanh') return hvpSafeTanh(tf);
  return (x) => x;
}
