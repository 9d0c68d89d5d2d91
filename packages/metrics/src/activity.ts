// Activity / sparsity metrics (paper §4.1): which entries and which units are non-zero.

import type { Recording } from './recording';

/** Whether sample t is used: every sample when rec.include is absent. */
export function isIncluded(rec: Recording, t: number): boolean {
  return rec.include === undefined || rec.include[t] !== 0;
}

/** Number of samples used (all, or those with include[t] ≠ 0). */
export function includedCount(rec: Recording): number {
  if (rec.include === undefined) return rec.nSamples;
  let n = 0;
  for (let t = 0; t < rec.nSamples; t++) if (rec.include[t] !== 0) n++;
  return n;
}

/**
 * Active fraction = mean over all (unit, included sample) entries of 1[activity > 0].
 * Reference code: `(hidden > 0).mean()`. NaN when there are no units or no included samples.
 */
export function activeFraction(rec: Recording): number {
  const { activity, nUnits, nSamples } = rec;
  let active = 0;
  for (let u = 0; u < nUnits; u++) {
    const row = u * nSamples;
    for (let t = 0; t < nSamples; t++) if (activity[row + t] > 0 && isIncluded(rec, t)) active++;
  }
  return active / (nUnits * includedCount(rec));
}

/**
 * activeUnitMask[u] = 1 when unit u is > 0 for at least one included sample (the paper's "active unit").
 * Reference code: `hidden.sum(0) > 0`, the same thing for non-negative (ReLU) activity.
 */
export function activeUnitMask(rec: Recording): Uint8Array {
  const { activity, nUnits, nSamples } = rec;
  const mask = new Uint8Array(nUnits);
  for (let u = 0; u < nUnits; u++) {
    const row = u * nSamples;
    for (let t = 0; t < nSamples; t++) {
      if (activity[row + t] > 0 && isIncluded(rec, t)) {
        mask[u] = 1;
        break;
      }
    }
  }
  return mask;
}

/** Fraction of units that are active (see activeUnitMask). NaN when there are no units. */
export function activeUnitFraction(rec: Recording): number {
  const mask = activeUnitMask(rec);
  let n = 0;
  for (let u = 0; u < mask.length; u++) n += mask[u];
  return n / rec.nUnits;
}
