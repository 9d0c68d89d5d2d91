// `drift analyze`: import a dataset experiment by experiment, compute per-session metrics, between-session
// correlations and the normalised trends, optionally write Fig. 3-style figures.
import { sessionPairCorrelations, type RegisteredSessionMaps } from '@driftlab/metrics';
import { openDataset, type OpenFormat } from '../open-dataset';
import type { DatasetFormat, RecordedExperiment } from '../types';
import { analyzeSession, type SessionMetricOptions, type SessionMetrics } from './session-metrics';
import { selectSessionSamples } from './session-recording';
import { trend, type Trend } from './trend';
import { correlationVsDelta, type CorrelationVsDelta, type ExperimentPairs } from './correlation-vs-delta';
import { writeDatasetReport } from './write-report';

export interface AnalyzeOptions {
  format?: OpenFormat;
  /** Write figures (SVG + PNG) and tables (JSON, CSV) into this folder. */
  report?: string;
  /** Only these experiment keys (e.g. ["C6_M4_envA"]). */
  experiments?: string[];
  /** Frames per subsample for equal-frames SI: a number, or 'auto' = min(2500, fewest usable frames of the experiment). */
  subsampleFrames?: number | 'auto';
  subsampleRepeats?: number;
  /** Shuffles for the place-cell test and shuffle-reduced SI (0 = SI threshold, no correction). */
  nShuffles?: number;
  minShiftSeconds?: number;
  placeAlpha?: number;
  placeSIThreshold?: number;
  smoothingSeconds?: number;
  speedThreshold?: number;
  seed?: number;
  /** Progress messages (one per experiment). */
  onProgress?: (message: string) => void;
}

export const ANALYZE_DEFAULTS = {
  subsampleFrames: 'auto' as number | 'auto',
  subsampleRepeats: 20,
  nShuffles: 200,
  minShiftSeconds: 10,
  placeAlpha: 0.05,
  placeSIThreshold: 0.01,
  smoothingSeconds: 0.4,
  seed: 1,
};

/** The summary shape (`drift analyze --json` prints this as its last line). */
export interface AnalysisSummary {
  animals: number;
  sessions: number;
  perSession: { session: number; fractionActive: number; meanSI: number; nCells: number }[];
  slopes: { fractionActive: { slope: number; p: number }; meanSI: { slope: number; p: number } };
}

export const TREND_QUANTITIES = [
  'fractionActive',
  'fractionActiveOfDetected',
  'meanSI',
  'meanSIPerSecond',
  'meanSISubsampled',
  'meanSINaive',
  'fractionPlace',
  'meanSIPlace',
  'nCells',
  'nActive',
] as const;
export type TrendQuantity = (typeof TREND_QUANTITIES)[number];

export interface DatasetAnalysis extends AnalysisSummary {
  dataset: string;
  format: DatasetFormat;
  experiments: { key: string; animal: string; context?: string; nRegistered?: number; nSessions: number; subsampleFrames: number }[];
  /** One row per session of every experiment. */
  sessionTable: SessionMetrics[];
  trends: Record<TrendQuantity, Trend>;
  /** PV and rate-map correlation vs Δdays (absent when no experiment has cell registration). */
  correlations?: CorrelationVsDelta;
  options: Required<Omit<AnalyzeOptions, 'report' | 'experiments' | 'onProgress' | 'speedThreshold' | 'format'>> & { speedThreshold?: number };
  /** Files written when options.report is set. */
  reportFiles?: string[];
}

export async function analyzeDataset(dir: string, options: AnalyzeOptions = {}): Promise<DatasetAnalysis> {
  const o = { ...ANALYZE_DEFAULTS, ...stripUndefined(options) };
  const handle = await openDataset(dir, options.format ?? 'auto');
  let handles = handle.experiments;
  if (options.experiments) {
    const want = new Set(options.experiments);
    const missing = options.experiments.filter((k) => !handles.some((h) => h.key === k));
    if (missing.length) throw new Error(`analyzeDataset: no experiment ${missing.join(', ')} in ${dir} (have ${handles.map((h) => h.key).join(', ')})`);
    handles = handles.filter((h) => want.has(h.key));
  }
  const sessionTable: SessionMetrics[] = [];
  const pairs: ExperimentPairs[] = [];
  const experiments: DatasetAnalysis['experiments'] = [];
  for (const h of handles) {
    const exp = await h.load();
    options.onProgress?.(`${exp.key}: ${exp.sessions.length} sessions`);
    const res = analyzeExperiment(exp, o);
    sessionTable.push(...res.rows);
    experiments.push({ key: exp.key, animal: exp.animal, context: exp.context, nRegistered: exp.nRegistered, nSessions: exp.sessions.length, subsampleFrames: res.subsampleFrames });
    if (res.registered) pairs.push({ experiment: exp.key, animal: exp.animal, days: res.registered.map((r) => r.day), pairs: sessionPairCorrelations(res.registered, res.nStates) });
  }
  const trends = {} as Record<TrendQuantity, Trend>;
  for (const q of TREND_QUANTITIES) {
    trends[q] = trend(sessionTable.map((r) => ({ experiment: r.experiment, animal: r.animal, session: r.session, value: r[q] })));
  }
  const fa = trends.fractionActive;
  const si = trends.meanSI;
  const nc = trends.nCells;
  const result: DatasetAnalysis = {
    animals: new Set(experiments.map((e) => e.animal)).size,
    sessions: fa.perSession.length,
    perSession: fa.perSession.map((p, k) => ({ session: p.session, fractionActive: p.rawMean, meanSI: si.perSession[k].rawMean, nCells: nc.perSession[k].rawMean })),
    slopes: { fractionActive: { slope: fa.pooled.slope, p: fa.pooled.p }, meanSI: { slope: si.pooled.slope, p: si.pooled.p } },
    dataset: dir,
    format: handle.format,
    experiments,
    sessionTable,
    trends,
    correlations: pairs.length ? correlationVsDelta(pairs) : undefined,
    options: {
      subsampleFrames: o.subsampleFrames,
      subsampleRepeats: o.subsampleRepeats,
      nShuffles: o.nShuffles,
      minShiftSeconds: o.minShiftSeconds,
      placeAlpha: o.placeAlpha,
      placeSIThreshold: o.placeSIThreshold,
      smoothingSeconds: o.smoothingSeconds,
      seed: o.seed,
      ...(options.speedThreshold !== undefined ? { speedThreshold: options.speedThreshold } : {}),
    },
  };
  if (options.report) result.reportFiles = await writeDatasetReport(result, options.report);
  return result;
}

/** Exactly the JSON summary (mean over animals; slopes of normalised values, pooled regression). */
export function analysisSummary(a: AnalysisSummary): AnalysisSummary {
  return { animals: a.animals, sessions: a.sessions, perSession: a.perSession.map((p) => ({ ...p })), slopes: a.slopes };
}

function analyzeExperiment(exp: RecordedExperiment, o: typeof ANALYZE_DEFAULTS & AnalyzeOptions) {
  const selections = exp.sessions.map((s) => selectSessionSamples(exp, s, o));
  const fewest = Math.min(...selections.map((s) => s.usable.length));
  const subsampleFrames = o.subsampleFrames === 'auto' ? Math.min(2500, fewest) : o.subsampleFrames;
  const so: SessionMetricOptions = {
    subsampleFrames,
    subsampleRepeats: o.subsampleRepeats,
    nShuffles: o.nShuffles,
    minShiftSeconds: o.minShiftSeconds,
    placeAlpha: o.placeAlpha,
    placeSIThreshold: o.placeSIThreshold,
    smoothingSeconds: o.smoothingSeconds,
    speedThreshold: o.speedThreshold,
    seed: o.seed,
  };
  const rows: SessionMetrics[] = [];
  const registered: RegisteredSessionMaps[] = [];
  exp.sessions.forEach((s, k) => {
    const r = analyzeSession(exp, s, so, selections[k]);
    rows.push(r.metrics);
    if (r.registered) registered.push(r.registered);
  });
  return { rows, subsampleFrames, registered: registered.length === exp.sessions.length && registered.length > 1 ? registered : undefined, nStates: selections[0]?.nStates ?? 0 };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
