// Argument checks shared by the model classes. They read only lengths, never elements, so they are
// dtype-free and keep the kernels' own code paths monomorphic.

import type { Batch, FloatArray, Masks } from '@driftlab/core';
import { type MlpPlan, weightMaskLength } from './plan';

export function checkLength(a: FloatArray, expected: number, what: string): void {
  if (a.length !== expected) throw new Error(`${what} has length ${a.length}, expected ${expected}`);
}

export function checkBatch(p: MlpPlan, batch: Batch): void {
  if (!Number.isInteger(batch.n) || batch.n <= 0) throw new Error(`batch.n must be a positive integer, got ${batch.n}`);
  checkLength(batch.x, batch.n * p.inputDim, `batch.x (n=${batch.n} × inputDim=${p.inputDim})`);
  checkLength(batch.y, batch.n * p.outputDim, `batch.y (n=${batch.n} × outputDim=${p.outputDim})`);
}

/** Throws unless every given mask has the size of its site (hidden: n × units, weight: the matrix). */
export function checkMasks(p: MlpPlan, masks: Masks, n: number): void {
  const hm = masks.hiddenMasks ?? [];
  const wm = masks.weightMasks ?? [];
  if (hm.length > p.depth) throw new Error(`hiddenMasks has ${hm.length} entries for ${p.depth} hidden layers`);
  if (wm.length > p.depth + 1) throw new Error(`weightMasks has ${wm.length} entries for ${p.depth + 1} weight matrices`);
  hm.forEach((m, k) => m && checkLength(m, n * p.units[k], `hiddenMasks[${k}]`));
  wm.forEach((m, k) => m && checkLength(m, weightMaskLength(p, k), `weightMasks[${k}]`));
}
