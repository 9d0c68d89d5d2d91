// Parameter initialisation of DriftReg's `Net` (paper notes §2), for any depth.
//
// Hidden layers: weights AND biases ~ N(0, std = sqrt(2/fanIn)) (He; DriftReg draws the bias with the
// same std as the weights). Readout V ~ N(0, std) with std by `readout`:
//   'rich': sqrt(2/nHid)   'lazy': 2/nHid   'he': sqrt(2/nHid) (the usual name; same numbers as 'rich').
// Careful: in DriftReg "lazy" is the SMALLER readout (2/nHid < sqrt(2/nHid) for nHid > 2), the opposite
// of the usual large-init-is-lazy convention. We keep the paper code's definition so runs reproduce it.
// The output bias c (absent in the paper's net) starts at 0.
//
// Draw order (fixed; part of reproducibility): for k = 1..L: all of W{k} row-major, then b{k}; then V
// row-major. Every number comes from `rng` in that order, so equal (seed, stream 'init') give equal nets
// for every backend and dtype (float32 stores the rounded float64 draws).

import type { FloatArray, MlpSpec, SequentialRandom } from '@driftlab/core';
import { countParams, findView, mlpLayout } from '../layout';

export type ReadoutInit = 'rich' | 'lazy' | 'he';

/** Name of the random stream the plugin initialises from. */
export const INIT_STREAM = 'init';

/** Standard deviation of the readout weights for nHid units in the last hidden layer. */
export function readoutStd(readout: ReadoutInit, nHid: number): number {
  if (readout === 'lazy') return 2 / nHid;
  if (readout === 'rich' || readout === 'he') return Math.sqrt(2 / nHid);
  throw new Error(`unknown readout init "${readout as string}" (rich | lazy | he)`);
}

/** Fills `params` (the model's contiguous buffer) in place. */
export function initMlpParams(spec: MlpSpec, params: FloatArray, rng: SequentialRandom, readout: ReadoutInit): void {
  const views = mlpLayout(spec);
  const n = countParams(spec);
  if (params.length !== n) throw new Error(`params has length ${params.length}, expected ${n}`);
  const slice = (name: string) => {
    const v = findView(views, name);
    return params.subarray(v.offset, v.offset + v.length);
  };
  let fanIn = spec.inputDim;
  spec.hidden.forEach((units, k) => {
    const std = Math.sqrt(2 / fanIn);
    rng.fillNormal(slice(`W${k + 1}`), std);
    rng.fillNormal(slice(`b${k + 1}`), std);
    fanIn = units;
  });
  rng.fillNormal(slice('V'), readoutStd(readout, fanIn));
  if (spec.outputBias) slice('c').fill(0);
}
