// Per-session drift statistics of recorded data, computed with the same metrics code as simulations
// (activeUnitMask, skaggsSI, placeUnitMask, meanPlaceSI, correlations) on a state-binned Recording.
import { RandomStream } from '@driftlab/core';
import {
  activeUnitMask,
  bitsPerSecond,
  maskedMean,
  meanPlaceSI,
  meanRates,
  placeUnitMask,
  registeredMaps,
  shufflePlaceMask,
  shuffleSI,
  skaggsSI,
  stateEventTable,
  stateRateMaps,
  subsampledSI,
  type RegisteredSessionMaps,
} from '@driftlab/metrics';
import type { RecordedExperiment, RecordedSession } from '../types';
import { selectSessionSamples, sessionRecording, type SessionSelection, type SessionSelectionOptions } from './session-recording';

export interface SessionMetricOptions extends SessionSelectionOptions {
  /** Frames per subsample for equal-frames SI; resolved per experiment (see resolveSubsampleFrames). */
  subsampleFrames: number;
  subsampleRepeats: number;
  /** Shuffles for the place-cell test and the shuffle-reduced SI; 0 skips both. */
  nShuffles: number;
  /** Minimum circular shift of the shuffles, seconds. */
  minShiftSeconds: number;
  /** Place cell: shuffle p below alpha (when nShuffles > 0) … */
  placeAlpha: number;
  /** … or naive SI above this (bits/event) when nShuffles = 0. */
  placeSIThreshold: number;
  seed: number;
}

export interface SessionMetrics {
  experiment: string;
  animal: string;
  context?: string;
  session: number;
  day: number;
  /** Cells detected in the session. */
  nCells: number;
  /** Denominator of fractionActive / fractionPlace: registered cells of the experiment, or detected cells. */
  denominator: 'registered' | 'detected';
  nDenominator: number;
  nRunningFrames: number;
  /** Running frames with a valid spatial state (the frames every metric uses). */
  nFrames: number;
  /** Cells with ≥ 1 event in the used frames (counted among registered cells when denominator = registered). */
  nActive: number;
  fractionActive: number;
  /** nActive over all detected cells (the alternative denominator). */
  fractionActiveOfDetected: number;
  /**
   * Headline mean SI over active cells, bits/event: shuffle-corrected (bias-corrected) when shuffles are run,
   * else equal-frames subsampled. siEstimator says which.
   */
  meanSI: number;
  meanSIPerSecond: number;
  siEstimator: 'shuffle-corrected' | 'subsampled';
  /** Mean naive SI over active cells on equal-frames subsamples (mean over repeats). */
  meanSISubsampled: number;
  meanSISubsampledPerSecond: number;
  subsampleFrames: number;
  subsampleRepeats: number;
  /** Mean naive SI over active cells on all frames. */
  meanSINaive: number;
  meanSINaivePerSecond: number;
  /** Mean shuffle-reduced SI (naive − mean of shuffles) over active cells; NaN without shuffles. */
  meanSICorrected: number;
  meanSICorrectedPerSecond: number;
  /** Place cells (shuffle test, or SI threshold without shuffles), among the denominator's cells. */
  nPlace: number;
  fractionPlace: number;
  /** Mean naive SI of the place cells. */
  meanSIPlace: number;
  placeTest: 'shuffle' | 'si-threshold';
  /** Used frames per map label (Ziv mapPerTrial), when the data have map labels. */
  framesPerMap?: Record<string, number>;
}

export interface SessionResult {
  metrics: SessionMetrics;
  /** Rate maps re-indexed by registered id (for between-session correlations); absent without registration. */
  registered?: RegisteredSessionMaps;
}

export function analyzeSession(exp: RecordedExperiment, s: RecordedSession, o: SessionMetricOptions, sel?: SessionSelection): SessionResult {
  sel ??= selectSessionSamples(exp, s, o);
  const rec = sessionRecording(exp, s, sel);
  const nStates = sel.nStates;
  const active = activeUnitMask(rec);
  const registered = exp.nRegistered !== undefined && s.unitIds !== undefined;
  const counted = (u: number) => !registered || s.unitIds![u] >= 0;

  const full = stateRateMaps(rec, nStates);
  const si = skaggsSI(full.maps, full.occupancy, rec.nUnits, nStates);
    const table = stateEventTable(rec, nStates);
  const streamName = `${exp.key}/session-${s.session}`;
  const sub = subsampledSI(table, {
    frames: o.subsampleFrames,
    repeats: o.subsampleRepeats,
    stream: RandomStream.derive(o.seed, `subsample/${streamName}`),
    sampleDt: rec.sampleDt,
  });

  const rates = meanRates(full.maps, full.occupancy, rec.nUnits, nStates);
  let place: Uint8Array;
  let meanSICorrected = NaN;
  let meanSICorrectedPerSecond = NaN;
  if (o.nShuffles > 0) {
    const sh = shuffleSI(table, {
      nShuffles: o.nShuffles,
      stream: RandomStream.derive(o.seed, `shuffle/${streamName}`),
      minShift: Math.round(o.minShiftSeconds * s.fps),
    });
    place = shufflePlaceMask(sh, o.placeAlpha);
    meanSICorrected = maskedMean(sh.corrected, active);
    meanSICorrectedPerSecond = maskedMean(bitsPerSecond(sh.corrected, rates, rec.sampleDt!), active);
  } else place = placeUnitMask(si, o.placeSIThreshold);

  let nActive = 0;
  let nActiveAll = 0;
  let nPlace = 0;
  for (let u = 0; u < rec.nUnits; u++) {
    nActiveAll += active[u];
    if (!counted(u)) {
      place[u] = 0;
      continue;
    }
    nActive += active[u];
    nPlace += place[u];
  }
  const nDenominator = registered ? exp.nRegistered! : s.nCells;

  const metrics: SessionMetrics = {
    experiment: exp.key,
    animal: exp.animal,
    ...(exp.context !== undefined ? { context: exp.context } : {}),
    session: s.session,
    day: s.day,
    nCells: s.nCells,
    denominator: registered ? 'registered' : 'detected',
    nDenominator,
    nRunningFrames: sel.nRunning,
    nFrames: rec.nSamples,
    nActive,
    fractionActive: nActive / nDenominator,
    fractionActiveOfDetected: nActiveAll / s.nCells,
    meanSI: o.nShuffles > 0 ? meanSICorrected : sub.meanSI,
    meanSIPerSecond: o.nShuffles > 0 ? meanSICorrectedPerSecond : sub.meanSIPerSecond,
    siEstimator: o.nShuffles > 0 ? 'shuffle-corrected' : 'subsampled',
    meanSISubsampled: sub.meanSI,
    meanSISubsampledPerSecond: sub.meanSIPerSecond,
    subsampleFrames: sub.frames,
    subsampleRepeats: sub.repeats,
    meanSINaive: maskedMean(si, active),
    meanSINaivePerSecond: maskedMean(bitsPerSecond(si, rates, rec.sampleDt!), active),
    meanSICorrected,
    meanSICorrectedPerSecond,
    nPlace,
    fractionPlace: nPlace / nDenominator,
    meanSIPlace: meanPlaceSI(si, place),
    placeTest: o.nShuffles > 0 ? 'shuffle' : 'si-threshold',
  };
  const labels = s.samples.mapLabel;
  if (labels) {
    const counts: Record<string, number> = {};
    for (let k = 0; k < sel.usable.length; k++) {
      const m = String(labels[sel.usable[k]]);
      counts[m] = (counts[m] ?? 0) + 1;
    }
    metrics.framesPerMap = counts;
  }
  const result: SessionResult = { metrics };
  if (registered) {
    const r = registeredMaps(full.maps, s.unitIds!, exp.nRegistered!, nStates, active);
    result.registered = { maps: r.maps, active: r.active, day: s.day };
  }
  return result;
}

