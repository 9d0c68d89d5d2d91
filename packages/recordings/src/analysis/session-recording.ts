// From an imported session to the Recording the metrics read: running frames with a valid track state only,
// position = state index (0..nStates−1), activity binarised (a cell is active in a frame iff it has an event).
import { linearTrackStates, runningFrames, trackStateCount, velocityFromPosition, type Recording } from '@driftlab/metrics';
import type { RecordedExperiment, RecordedSession } from '../types';

export interface SessionSelectionOptions {
  /** Speed smoothing window in seconds (Ziv lab: 0.4 s = 8 frames at 20 Hz). */
  smoothingSeconds?: number;
  /** Override the experiment's speed threshold (position units / s). */
  speedThreshold?: number;
}

export interface SessionSelection {
  /** Indices (into session.samples) of the usable samples: running, with a valid state. */
  usable: Int32Array;
  /** State of each usable sample. */
  state: Int32Array;
  nStates: number;
  /** Samples that pass the speed criterion (before the state criterion). */
  nRunning: number;
}

export function stateCount(exp: RecordedExperiment): number {
  return exp.binning.kind === 'states' ? exp.binning.nStates : trackStateCount(exp.binning);
}

/** Running-frame and state selection of one session (behaviour only; cheap). */
export function selectSessionSamples(exp: RecordedExperiment, s: RecordedSession, o: SessionSelectionOptions = {}): SessionSelection {
  const smp = s.samples;
  const n = smp.frame.length;
  const nStates = stateCount(exp);
  let state: Int32Array;
  let running: Uint8Array;
  if (exp.binning.kind === 'states') {
    if (!smp.state) throw new Error(`${exp.key} session ${s.session}: binning by given states but the samples carry none`);
    state = smp.state;
    running = new Uint8Array(n).fill(1);
  } else {
    const velocity = smp.velocity ?? velocityFromPosition(smp.position, smp.segment, s.fps);
    const window = Math.max(1, Math.round((o.smoothingSeconds ?? 0.4) * s.fps));
    const run = smp.allRunning
      ? { running: new Uint8Array(n).fill(1), direction: smp.direction ?? signOf(velocity) }
      : runningFrames(velocity, smp.segment, { threshold: o.speedThreshold ?? exp.speedThreshold, window });
    running = run.running;
    const direction = smp.direction ?? run.direction;
    const sessionRange = finiteRange(smp.position);
    const rangeOf = (seg: number): [number, number] => smp.segmentRanges?.get(seg) ?? sessionRange;
    state = linearTrackStates(smp.position, direction, smp.segment, rangeOf, exp.binning);
  }
  let nRunning = 0;
  let nUsable = 0;
  for (let t = 0; t < n; t++) {
    nRunning += running[t];
    if (running[t] && state[t] >= 0 && state[t] < nStates) nUsable++;
  }
  const usable = new Int32Array(nUsable);
  const usableState = new Int32Array(nUsable);
  for (let t = 0, k = 0; t < n; t++) {
    if (running[t] && state[t] >= 0 && state[t] < nStates) {
      usable[k] = t;
      usableState[k++] = state[t];
    }
  }
  return { usable, state: usableState, nStates, nRunning };
}

/** Dense Recording over the usable samples (units = the session's cells). */
export function sessionRecording(exp: RecordedExperiment, s: RecordedSession, sel: SessionSelection): Recording {
  const nU = sel.usable.length;
  const column = new Int32Array(s.nFrames).fill(-1); // imaging frame → usable sample
  for (let k = 0; k < nU; k++) column[s.samples.frame[sel.usable[k]]] = k;
  const activity = new Float64Array(s.nCells * nU);
  const { frame, cell } = s.events;
  for (let e = 0; e < frame.length; e++) {
    const k = column[frame[e]];
    if (k >= 0) activity[cell[e] * nU + k] = 1;
  }
  return {
    activity,
    nUnits: s.nCells,
    nSamples: nU,
    position: Float64Array.from(sel.state),
    directional: false,
    sampleDt: 1 / s.fps,
    time: s.session,
    unitIds: s.unitIds ? Array.from(s.unitIds) : undefined,
    labels: { experiment: exp.key, animal: exp.animal, ...(exp.context !== undefined ? { context: exp.context } : {}), day: s.day },
  };
}

function finiteRange(x: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) continue;
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

function signOf(v: Float64Array): Int8Array {
  const d = new Int8Array(v.length);
  for (let i = 0; i < v.length; i++) d[i] = v[i] > 0 ? 1 : v[i] < 0 ? -1 : 0;
  return d;
}
