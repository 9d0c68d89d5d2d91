// Plain-number description of an MLP that the reference kernels index with: offsets into the
// parameter buffer and layer sizes. Built once per model; holds no arrays, so it is dtype-free.

import type { Activation, MlpSpec } from '@driftlab/core';
import { findView, mlpLayout } from '../layout';

export const ACT_RELU = 0;
export const ACT_TANH = 1;
export const ACT_LINEAR = 2;
export type ActCode = typeof ACT_RELU | typeof ACT_TANH | typeof ACT_LINEAR;

export function activationCode(a: Activation): ActCode {
  return a === 'relu' ? ACT_RELU : a === 'tanh' ? ACT_TANH : ACT_LINEAR;
}

export interface MlpPlan {
  inputDim: number;
  outputDim: number;
  /** Units of hidden layer k (0-based). */
  units: number[];
  /** Fan-in of hidden layer k: inputDim for k = 0, units[k-1] otherwise. */
  fanIn: number[];
  /** Number of hidden layers L. */
  depth: number;
  act: ActCode;
  /** Offsets of W{k+1} and b{k+1}. */
  wOff: number[];
  bOff: number[];
  vOff: number;
  /** Offset of the output bias c, or -1 when the net has none. */
  cOff: number;
  /** units of the last hidden layer (the readout's fan-in). */
  lastUnits: number;
  nParams: number;
}

export function mlpPlan(spec: MlpSpec): MlpPlan {
  const views = mlpLayout(spec);
  const depth = spec.hidden.length;
  const units = spec.hidden.slice();
  const fanIn = units.map((_, k) => (k === 0 ? spec.inputDim : units[k - 1]));
  const last = views[views.length - 1];
  return {
    inputDim: spec.inputDim,
    outputDim: spec.outputDim,
    units,
    fanIn,
    depth,
    act: activationCode(spec.activation),
    wOff: units.map((_, k) => findView(views, `W${k + 1}`).offset),
    bOff: units.map((_, k) => findView(views, `b${k + 1}`).offset),
    vOff: findView(views, 'V').offset,
    cOff: spec.outputBias ? findView(views, 'c').offset : -1,
    lastUnits: units[depth - 1],
    nParams: last.offset + last.length,
  };
}

/** Size of the weight matrix that weightMasks[k] covers (k = depth is the readout V). */
export function weightMaskLength(p: MlpPlan, k: number): number {
  return k < p.depth ? p.units[k] * p.fanIn[k] : p.outputDim * p.lastUnits;
}
