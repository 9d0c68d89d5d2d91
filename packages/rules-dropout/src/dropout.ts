// Dropout (Srivastava et al. 2014) and DropConnect (Wan et al. 2013) masks with inverted scaling: a kept entry is
// 1/(1−p), a dropped one 0, so every mask has expectation 1 and clean evaluations need no rescaling (the loop
// never passes masks to them). Node dropout masks hidden activations per sample; DropConnect masks a hidden
// layer's input weights (W1 … WL; never the readout V), one mask per step shared by the batch.
//
// Draw convention (a fused backend must reproduce it), U(b, i) = stream.uniform(b, i), h = spec.hidden, L = h.length:
//   node dropout, layer k, sample r, unit j:  U(step, n·(h[0] + … + h[k−1]) + r·h[k] + j) < p ? 0 : 1/(1−p)
//   DropConnect, W_{k+1}[j, i] (row-major, h[k] × in_k, in_0 = inputDim, in_k = h[k−1]):
//                                             U(step, Σ_{l<k} h[l]·in_l + j·in_k + i) < p ? 0 : 1/(1−p)
// Offsets count every hidden layer, selected or not, so a layer's mask does not depend on which others drop.

import type { ActivationTransform, FloatArray, Masks, MlpSpec, Model, RandomStream } from '@driftlab/core';

export interface DropoutSettings {
  /** Mask weights (DropConnect) instead of hidden units. */
  dropConnect?: boolean;
  /** Hidden-layer indices (0-based) to drop, or 'all'. */
  layers?: 'all' | readonly number[];
}

function fillMaskF64(out: Float64Array, stream: RandomStream, step: number, offset: number, p: number, keep: number): void {
  for (let i = 0; i < out.length; i++) out[i] = stream.uniform(step, offset + i) < p ? 0 : keep;
}
function fillMaskF32(out: Float32Array, stream: RandomStream, step: number, offset: number, p: number, keep: number): void {
  for (let i = 0; i < out.length; i++) out[i] = stream.uniform(step, offset + i) < p ? 0 : keep;
}

/** Sizes of the per-layer masks and where each layer's draws start, for one batch size n. */
function layout(spec: MlpSpec, n: number, dropConnect: boolean): { sizes: number[]; offsets: number[] } {
  const sizes: number[] = [];
  const offsets: number[] = [];
  let offset = 0;
  spec.hidden.forEach((units, k) => {
    const fanIn = k === 0 ? spec.inputDim : spec.hidden[k - 1];
    const size = dropConnect ? units * fanIn : n * units;
    sizes.push(size);
    offsets.push(offset);
    offset += size;
  });
  return { sizes, offsets };
}

/**
 * ActivationTransform giving fresh masks each step; they depend only on (stream, step, index). The returned
 * Masks and its buffers are reused across steps (the loop consumes them within the step).
 */
export function dropout(rate: number, stream: RandomStream, settings: DropoutSettings = {}): ActivationTransform {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${rate}`);
  const dropConnect = settings.dropConnect ?? false;
  const layers = settings.layers ?? 'all';
  const keep = 1 / (1 - rate);
  const buffers: (FloatArray | null)[] = [];
  return {
    name: dropConnect ? 'dropconnect' : 'dropout',
    // The fused op has no layer list, so only 'all' may be fused.
    fusable: layers === 'all' ? { op: 'dropout', rate, dropConnect, stream } : undefined,
    masks(model: Model, n: number, step: number): Masks {
      const spec = model.spec;
      const L = spec.hidden.length;
      for (const k of layers === 'all' ? [] : layers) {
        if (!Number.isInteger(k) || k < 0 || k >= L) throw new Error(`dropout: layer ${k} does not exist (the model has ${L} hidden layers)`);
      }
      const f64 = model.dtype !== 'float32';
      const { sizes, offsets } = layout(spec, n, dropConnect);
      const list: (FloatArray | null)[] = [];
      for (let k = 0; k < L; k++) {
        if (layers !== 'all' && !layers.includes(k)) {
          list.push(null);
          continue;
        }
        let buf = buffers[k] ?? null;
        if (f64) {
          if (!(buf instanceof Float64Array) || buf.length !== sizes[k]) buf = new Float64Array(sizes[k]);
          fillMaskF64(buf, stream, step, offsets[k], rate, keep);
        } else {
          if (!(buf instanceof Float32Array) || buf.length !== sizes[k]) buf = new Float32Array(sizes[k]);
          fillMaskF32(buf, stream, step, offsets[k], rate, keep);
        }
        buffers[k] = buf;
        list.push(buf);
      }
      return dropConnect ? { weightMasks: list } : { hiddenMasks: list };
    },
  };
}
