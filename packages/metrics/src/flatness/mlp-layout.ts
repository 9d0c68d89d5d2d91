// Where each tensor of an MLP lives in the flat parameter buffer (the engine's layout, core MlpSpec):
// for hidden layer k = 1..L: W{k} (units × fanIn, row-major), b{k}; then V (outputDim × last hidden width);
// then c (outputDim) when outputBias. Flatness code reads parameters through this and nothing else.

import type { MlpSpec } from '@driftlab/core';

export interface HiddenLayerLayout {
  /** Offset of W{k} (units × fanIn, row-major). */
  w: number;
  /** Offset of b{k}. */
  b: number;
  units: number;
  fanIn: number;
}

export interface MlpLayout {
  layers: HiddenLayerLayout[];
  /** Offset of V (outputDim × width of the last hidden layer). */
  v: number;
  /** Offset of c, or −1 without output bias. */
  c: number;
  /** Width feeding the readout (last hidden layer, or inputDim without hidden layers). */
  lastWidth: number;
  nParams: number;
}

export function mlpLayout(spec: MlpSpec): MlpLayout {
  const layers: HiddenLayerLayout[] = [];
  let offset = 0;
  let fanIn = spec.inputDim;
  for (const units of spec.hidden) {
    layers.push({ w: offset, b: offset + units * fanIn, units, fanIn });
    offset += units * fanIn + units;
    fanIn = units;
  }
  const v = offset;
  offset += spec.outputDim * fanIn;
  const c = spec.outputBias ? offset : -1;
  if (spec.outputBias) offset += spec.outputDim;
  return { layers, v, c, lastWidth: fanIn, nParams: offset };
}

/** Parameter names in layout order, with offsets (as the engine's views). */
export function mlpViewNames(spec: MlpSpec): { name: string; offset: number; length: number }[] {
  const layout = mlpLayout(spec);
  const out: { name: string; offset: number; length: number }[] = [];
  layout.layers.forEach((l, k) => {
    out.push({ name: `W${k + 1}`, offset: l.w, length: l.units * l.fanIn });
    out.push({ name: `b${k + 1}`, offset: l.b, length: l.units });
  });
  out.push({ name: 'V', offset: layout.v, length: spec.outputDim * layout.lastWidth });
  if (spec.outputBias) out.push({ name: 'c', offset: layout.c, length: spec.outputDim });
  return out;
}
