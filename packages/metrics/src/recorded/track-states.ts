// Direction-separated spatial states of a linear track, as in the Ziv-lab analysis: equal bins over a range,
// end bins (reward zones) dropped, the two running directions as two sets of states.

export interface TrackStateOptions {
  /** Bins over the track (Ziv lab: 24 bins of 4 cm). */
  nBins: number;
  /** 1-based inclusive range of bins kept (Ziv lab: 3..22). */
  keepFrom: number;
  keepTo: number;
}

/** Number of states: kept bins × 2 directions. */
export function trackStateCount(o: TrackStateOptions): number {
  return 2 * (o.keepTo - o.keepFrom + 1);
}

/**
 * state[t] = (bin − keepFrom) + nKept · (direction < 0), or −1 when the bin is not kept, the direction is 0
 * or the position is not finite. bin = ceil((pos − lo)/(hi − lo) · nBins) with 0 → 1 and values above nBins
 * clamped to nBins; [lo, hi] comes from rangeOf(segment) (e.g. per trial).
 */
export function linearTrackStates(
  position: Float64Array,
  direction: Int8Array,
  segment: Int32Array,
  rangeOf: (segment: number) => [number, number],
  o: TrackStateOptions,
): Int32Array {
  const n = position.length;
  if (direction.length !== n || segment.length !== n) throw new Error('linearTrackStates: arrays differ in length');
  if (!(o.nBins >= 1 && o.keepFrom >= 1 && o.keepTo <= o.nBins && o.keepFrom <= o.keepTo)) throw new Error('linearTrackStates: need 1 ≤ keepFrom ≤ keepTo ≤ nBins');
  const nKept = o.keepTo - o.keepFrom + 1;
  const state = new Int32Array(n);
  let cachedSeg = NaN;
  let lo = 0;
  let span = 1;
  for (let t = 0; t < n; t++) {
    if (segment[t] !== cachedSeg) {
      cachedSeg = segment[t];
      const r = rangeOf(cachedSeg);
      lo = r[0];
      span = r[1] - r[0];
    }
    const p = position[t];
    if (!Number.isFinite(p) || direction[t] === 0 || !(span > 0)) {
      state[t] = -1;
      continue;
    }
    let bin = Math.ceil(((p - lo) / span) * o.nBins);
    if (bin < 1) bin = 1;
    if (bin > o.nBins) bin = o.nBins;
    state[t] = bin < o.keepFrom || bin > o.keepTo ? -1 : bin - o.keepFrom + (direction[t] < 0 ? nKept : 0);
  }
  return state;
}
