// Where each parameter of an MLP lives in the one contiguous buffer. Every backend (reference,
// wasm, tfjs) uses this layout, so a rule, a checkpoint or a metric reads the same numbers everywhere.

import type { MlpSpec, ParamView } from '@driftlab/core';

/** Throws unless the spec describes an MLP this package can run (at least one hidden layer). */
export function validateMlpSpec(spec: MlpSpec): void {
  const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
  if (!positiveInt(spec.inputDim)) throw new Error(`MlpSpec.inputDim must be a positive integer, got ${spec.inputDim}`);
  if (!positiveInt(spec.outputDim)) throw new Error(`MlpSpec.outputDim must be a positive integer, got ${spec.outputDim}`);
  if (!Array.isArray(spec.hidden) || spec.hidden.length === 0) throw new Error('MlpSpec.hidden must list at least one hidden layer');
  spec.hidden.forEach((u, k) => {
    if (!positiveInt(u)) throw new Error(`MlpSpec.hidden[${k}] must be a positive integer, got ${u}`);
  });
  if (!['relu', 'tanh', 'linear'].includes(spec.activation)) throw new Error(`unknown activation "${spec.activation}"`);
}

/**
 * Named views, row-major, in this order: for hidden layer k = 1..L `W{k}` (units_k × fanIn_k) then
 * `b{k}` (units_k); then the readout `V` (outputDim × units_L); then `c` (outputDim) only if outputBias.
 */
export function mlpLayout(spec: MlpSpec): ParamView[] {
  validateMlpSpec(spec);
  const views: ParamView[] = [];
  let offset = 0;
  const add = (name: string, shape: number[]) => {
    const length = shape.reduce((a, b) => a * b, 1);
    views.push({ name, offset, length, shape });
    offset += length;
  };
  let fanIn = spec.inputDim;
  spec.hidden.forEach((units, k) => {
    add(`W${k + 1}`, [units, fanIn]);
    add(`b${k + 1}`, [units]);
    fanIn = units;
  });
  add('V', [spec.outputDim, fanIn]);
  if (spec.outputBias) add('c', [spec.outputDim]);
  return views;
}

/** Total number of parameters P (18→500→17 without output bias: 18,000). */
export function countParams(spec: MlpSpec): number {
  const views = mlpLayout(spec);
  const last = views[views.length - 1];
  return last.offset + last.length;
}

/** The view called `name`; throws with the known names otherwise. */
export function findView(views: readonly ParamView[], name: string): ParamView {
  const v = views.find((p) => p.name === name);
  if (!v) throw new Error(`no parameter view "${name}" (known: ${views.map((p) => p.name).join(', ')})`);
  return v;
}
