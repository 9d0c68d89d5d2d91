// Tiny recordings for the specs: units given as rows (one array per unit).

import type { Recording } from '../recording';

export function recordingOf(
  units: number[][],
  position: number[],
  extra: Partial<Omit<Recording, 'activity' | 'nUnits' | 'nSamples' | 'position'>> = {},
): Recording {
  const nUnits = units.length;
  const nSamples = position.length;
  const activity = new Float64Array(nUnits * nSamples);
  units.forEach((row, u) => {
    if (row.length !== nSamples) throw new Error('unit row length must equal the number of positions');
    activity.set(row, u * nSamples);
  });
  return { activity, nUnits, nSamples, position: Float64Array.from(position), directional: false, time: 0, ...extra };
}
