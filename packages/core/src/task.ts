// What a task gives the loop and the metrics: a fixed data set plus where the agent was.

export interface TaskData {
  /** Task plugin id, e.g. "predictive-track". */
  id: string;
  n: number;
  inputDim: number;
  outputDim: number;
  /** n × inputDim, row-major, float64. */
  x: Float64Array;
  /** n × outputDim, row-major, float64. */
  y: Float64Array;
  /**
   * Per-sample 1-D position used for rate maps (agent y on the track, angle on the ring, sample index
   * for abstract tasks). Length n.
   */
  position: Float64Array;
  /** Extra per-sample state (heading, speed, …) by name, each of length n. */
  state: Record<string, Float64Array>;
  /** Whether rate maps should separate running directions (the paper does for the track). */
  directional: boolean;
}
