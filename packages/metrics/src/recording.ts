// One type for a training snapshot and for a session of recorded neurons, so one set of metrics serves both.

export interface Recording {
  /** activity[u * nSamples + t]: unit u at sample (frame) t. Rates, activations or event counts. */
  activity: Float64Array;
  nUnits: number;
  nSamples: number;
  /** 1-D position (or state) per sample, length nSamples. */
  position: Float64Array;
  /**
   * Running direction per sample (+1 / −1, 0 = unknown). When absent and directional is true, direction is
   * the sign of Δposition (first element repeated), as in the paper's code.
   */
  direction?: Int8Array;
  /** Separate the two running directions when binning (linear tracks). */
  directional: boolean;
  /** Seconds per sample (frame period) for rates in bits/s; absent for simulations. */
  sampleDt?: number;
  /** Optional per-sample mask of samples to use (e.g. running frames). */
  include?: Uint8Array;
  /** Time label of the whole recording: training step, or session index / day. */
  time: number;
  /** Stable ids of the units (cell registration across sessions); index = unit. */
  unitIds?: (number | string)[];
  /** Free labels: animal, environment/context, map … */
  labels?: Record<string, string | number>;
}

/** Build a Recording from a model's hidden activity laid out samples × units (row-major). */
export function recordingFromHidden(
  hidden: Float64Array | Float32Array,
  nSamples: number,
  nUnits: number,
  position: Float64Array,
  directional: boolean,
  time: number,
): Recording {
  const activity = new Float64Array(nUnits * nSamples);
  for (let t = 0; t < nSamples; t++) {
    const row = t * nUnits;
    for (let u = 0; u < nUnits; u++) activity[u * nSamples + t] = hidden[row + u];
  }
  return { activity, nUnits, nSamples, position, directional, time };
}
