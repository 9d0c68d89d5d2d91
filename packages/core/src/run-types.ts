// Records of a run: what hooks, sinks and the CLI see.

import type { FloatArray, Model } from './model';
import type { TaskData } from './task';

export type RunStatus = 'running' | 'completed' | 'diverged' | 'failed' | 'interrupted';

export interface RunInfo {
  runId: string;
  seed: number;
  steps: number;
  /** The resolved config (defaults filled). */
  config: unknown;
  nParams: number;
}

/** A clean evaluation at a scheduled step (clean inputs and targets, no noise, no dropout). */
export interface Evaluation {
  step: number;
  /** Scalars by name: loss, lossNormalised, activeFraction, … (metrics add theirs). */
  scalars: Record<string, number>;
  /** Arrays stored at snapshot steps only (rate maps, per-unit SI …), by name. */
  arrays?: Record<string, { shape: number[]; data: Float64Array }>;
  /** True when this evaluation is also a snapshot (arrays + parameters saved). */
  snapshot: boolean;
  /** Parameters at this step, present at snapshots. */
  params?: FloatArray;
}

/** What a metric probe gets at each evaluation. */
export interface ProbeInput {
  step: number;
  model: Model;
  task: TaskData;
  /** Clean forward pass on the whole data set: hidden[k] is n × units. */
  hidden: FloatArray[];
  out: FloatArray;
  /** Clean MSE. */
  loss: number;
  snapshot: boolean;
}

/** Metric plugins create probes: observe-only, at evaluations, plus a summary at the end. */
export interface MetricProbe {
  name: string;
  /** Scalars to record at every evaluation (and arrays at snapshots). */
  evaluate(input: ProbeInput): { scalars?: Record<string, number>; arrays?: Evaluation['arrays'] };
  /** Derived results at the end (timescales, correlation matrices …), given every evaluation so far. */
  finalize?(evaluations: readonly Evaluation[]): Record<string, unknown>;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  steps: number;
  /** Last step completed. */
  stepReached: number;
  seed: number;
  evaluations: Evaluation[];
  /** From probes' finalize. */
  derived: Record<string, unknown>;
  error?: string;
  divergedReason?: string;
  wallSeconds: number;
}
