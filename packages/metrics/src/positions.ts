// Direction-separated positions (paper §4.2, reference `calc_rate_map`): the two running directions of a
// linear track become two halves of one signed axis, "treated as separate locations".

import type { Recording } from './recording';

/**
 * signed[t] = (position[t] − min position) · direction[t].
 * direction is rec.direction when given, else sign(Δposition) with the first difference repeated
 * (`V = diff(pos); V = [V[0], V...]`), so a stationary sample (Δ = 0) or an unknown direction (0) maps to 0,
 * exactly as in the reference code. The minimum is taken over included samples (rec.include), the direction
 * over the full, unfiltered sequence (filtering first would fake jumps). Always full length nSamples.
 */
export function signedPositions(rec: Recording): Float64Array {
  const { position, nSamples } = rec;
  let min = Infinity;
  for (let t = 0; t < nSamples; t++) {
    if ((rec.include === undefined || rec.include[t] !== 0) && position[t] < min) min = position[t];
  }
  if (min === Infinity) min = 0;
  const out = new Float64Array(nSamples);
  for (let t = 0; t < nSamples; t++) out[t] = (position[t] - min) * directionAt(rec, t);
  return out;
}

function directionAt(rec: Recording, t: number): number {
  if (rec.direction !== undefined) return Math.sign(rec.direction[t]);
  const { position, nSamples } = rec;
  if (nSamples < 2) return 0;
  const i = t === 0 ? 1 : t;
  return Math.sign(position[i] - position[i - 1]);
}
