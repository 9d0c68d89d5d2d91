// Running-frame selection for recorded behaviour: smoothed speed above a threshold, direction from its sign.
// Smoothing never crosses a segment (trial) boundary, so the gap between trials cannot fake movement.

/**
 * Moving average with MATLAB movmean semantics: window w covers floor(w/2) samples before and
 * ceil(w/2) − 1 after (w = 8: 4 before, 3 after), shrunk at segment edges.
 */
export function movingAverageWithinSegments(values: Float64Array, segment: Int32Array, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new Error(`movingAverageWithinSegments: window must be a positive integer, got ${window}`);
  const n = values.length;
  if (segment.length !== n) throw new Error('movingAverageWithinSegments: values and segment differ in length');
  const before = Math.floor(window / 2);
  const after = Math.ceil(window / 2) - 1;
  const out = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && segment[end] === segment[start]) end++;
    for (let t = start; t < end; t++) {
      const lo = Math.max(start, t - before);
      const hi = Math.min(end - 1, t + after);
      let s = 0;
      for (let k = lo; k <= hi; k++) s += values[k];
      out[t] = s / (hi - lo + 1);
    }
    start = end;
  }
  return out;
}

/** Velocity (units/s) by forward difference within each segment (last sample of a segment repeats the previous). */
export function velocityFromPosition(position: Float64Array, segment: Int32Array, fps: number): Float64Array {
  const n = position.length;
  const v = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const next = t + 1 < n && segment[t + 1] === segment[t] ? t + 1 : -1;
    if (next >= 0) v[t] = (position[next] - position[t]) * fps;
    else if (t > 0 && segment[t - 1] === segment[t]) v[t] = v[t - 1];
  }
  return v;
}

export interface RunningOptions {
  /**
   * Minimum |smoothed velocity| (units/s). Ziv-lab analysis: 1. Values within 1e-9 (relative) below it count
   * as running, so exact ties (a mean of 2-decimal speeds equal to 1) do not depend on summation order.
   */
  threshold: number;
  /** Moving-average window in samples (Ziv-lab analysis: 8 frames = 0.4 s at 20 Hz). */
  window: number;
}

export interface RunningFrames {
  /** 1 where |smoothed velocity| ≥ threshold. */
  running: Uint8Array;
  /** sign of the smoothed velocity (+1 / −1; 0 when it is exactly 0). */
  direction: Int8Array;
  smoothedVelocity: Float64Array;
}

export function runningFrames(velocity: Float64Array, segment: Int32Array, options: RunningOptions): RunningFrames {
  const smoothed = movingAverageWithinSegments(velocity, segment, options.window);
  const n = velocity.length;
  const running = new Uint8Array(n);
  const direction = new Int8Array(n);
  const cut = options.threshold * (1 - 1e-9);
  for (let t = 0; t < n; t++) {
    const v = smoothed[t];
    running[t] = Math.abs(v) >= cut ? 1 : 0;
    direction[t] = v > 0 ? 1 : v < 0 ? -1 : 0;
  }
  return { running, direction, smoothedVelocity: smoothed };
}
