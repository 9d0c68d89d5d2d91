// What every importer produces: sessions of sparse activity plus behaviour, grouped into experiments
// (one animal in one context, cells registered across its sessions). Dense Recordings for the metrics are
// built per session on demand (to-recording.ts), so a whole dataset never sits in memory at once.

/** Nonzero activity entries of one session. frame ∈ [0, nFrames), cell ∈ [0, nCells); (frame, cell) unique. */
export interface SessionEvents {
  frame: Int32Array;
  cell: Int32Array;
  /** Event amplitude / spike count (> 0). */
  value: Float64Array;
}

/** Behaviour per sample (one sample = one imaging frame with behaviour). */
export interface SessionSamples {
  /** Imaging frame of each sample, strictly increasing. */
  frame: Int32Array;
  /** Linearised position (dataset units). */
  position: Float64Array;
  /** Velocity in position units per second, when the data give it (else derived from Δposition). */
  velocity?: Float64Array;
  /** Contiguous segment (trial) label ≥ 1; smoothing and Δposition never cross segments. */
  segment: Int32Array;
  /** Running direction given by the data (+1/−1). Absent: derived from velocity. */
  direction?: Int8Array;
  /** Spatial state given by the data (0..nStates−1, −1 = none); absent: binned from position. */
  state?: Int32Array;
  /** Spatial-map / context label per sample (e.g. Ziv mapPerTrial), 0 = unassigned. */
  mapLabel?: Int32Array;
  /** Position range [lo, hi] per segment used for binning; absent: the session's min..max. */
  segmentRanges?: Map<number, [number, number]>;
  /** True when every sample is already a running frame (no speed selection needed). */
  allRunning?: boolean;
}

export interface RecordedSession {
  /** Session label (1-based order within the experiment). */
  session: number;
  /** Day label (recording day) when known; else equals session. */
  day: number;
  /** Frames per second of the imaging / binning. */
  fps: number;
  /** Imaging frames in the session (the index space of events.frame). */
  nFrames: number;
  /** Cells detected (or units sorted) in this session. */
  nCells: number;
  events: SessionEvents;
  samples: SessionSamples;
  /** Registered (global) id of each local cell, −1 = not registered. Absent: no registration. */
  unitIds?: Int32Array;
  /** Free labels (time of day, file names, …). */
  labels: Record<string, string | number>;
}

/** Spatial binning of a linear track, two directions → 2·(keepTo − keepFrom + 1) states. */
export interface TrackBinning {
  kind: 'track';
  nBins: number;
  /** 1-based inclusive range of bins kept (reward zones at the ends dropped). */
  keepFrom: number;
  keepTo: number;
}

/** The data already give a state per sample. */
export interface GivenStates {
  kind: 'states';
  nStates: number;
}

export type SpatialBinning = TrackBinning | GivenStates;

export interface RecordedExperiment {
  /** Unique key within the dataset, e.g. "C6_M4_envA". */
  key: string;
  animal: string;
  /** Environment / context label. */
  context?: string;
  labels: Record<string, string | number>;
  /** Registered cells (union over sessions); absent when cells are not registered. */
  nRegistered?: number;
  binning: SpatialBinning;
  /** Speed threshold for running frames in position units per second (ignored when allRunning). */
  speedThreshold: number;
  /** Sessions in chronological order. */
  sessions: RecordedSession[];
}

export type DatasetFormat = 'ziv' | 'ziv-familiar' | 'csv' | 'nwb';

/** A dataset opened lazily: experiments are loaded (and fully validated) one at a time. */
export interface DatasetHandle {
  format: DatasetFormat;
  dir: string;
  experiments: ExperimentHandle[];
}

export interface ExperimentHandle {
  key: string;
  animal: string;
  context?: string;
  load(): Promise<RecordedExperiment>;
}
