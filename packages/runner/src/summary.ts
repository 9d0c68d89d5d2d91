// The run summary printed by `drift run --json` (schema: packages/runner/schemas/run-summary.schema.json).
import type { Evaluation, RunResult } from '@driftlab/core';

export interface FirstLast {
  first: number | null;
  last: number | null;
}

export interface RunSummary {
  runId: string;
  status: 'completed' | 'diverged' | 'failed' | 'interrupted';
  steps: number;
  stepReached: number;
  seed: number;
  loss: FirstLast & { convergedAtStep: number | null };
  activeFraction: FirstLast;
  activeUnits: FirstLast;
  meanSI: FirstLast;
  placeUnits: FirstLast;
  /** Sparsification time constant in steps (1/|rate| of the paper's get_tau fit); null without a decrease. */
  timescale: number | null;
  /** Optional flatness metrics, present when enabled. */
  hessianTrace?: FirstLast;
  hessianNonzeroFraction?: FirstLast;
  divergedReason?: string;
  error?: string;
  wallSeconds: number;
  stepsPerSecond: number;
  /** The model backend that ran ('reference', 'wasm', 'tfjs'). */
  backend?: string;
  outDir?: string;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function firstLast(evals: readonly Evaluation[], name: string): FirstLast | undefined {
  const xs = evals.filter((e) => name in e.scalars);
  if (xs.length === 0) return undefined;
  return { first: num(xs[0].scalars[name]), last: num(xs[xs.length - 1].scalars[name]) };
}

export function buildSummary(result: RunResult, outDir?: string, backend?: string): RunSummary {
  const ev = result.evaluations;
  const none: FirstLast = { first: null, last: null };
  const d = result.derived as { convergedAtStep?: unknown; timescale?: { tau?: unknown } | null };
  const s: RunSummary = {
    runId: result.runId,
    status: result.status === 'running' ? 'failed' : result.status,
    steps: result.steps,
    stepReached: result.stepReached,
    seed: result.seed,
    loss: { ...(firstLast(ev, 'lossNormalised') ?? none), convergedAtStep: num(d.convergedAtStep) },
    activeFraction: firstLast(ev, 'activeFraction') ?? none,
    activeUnits: firstLast(ev, 'activeUnits') ?? none,
    meanSI: firstLast(ev, 'meanSI') ?? none,
    placeUnits: firstLast(ev, 'placeUnits') ?? none,
    timescale: num(d.timescale?.tau),
    wallSeconds: result.wallSeconds,
    stepsPerSecond: result.wallSeconds > 0 ? result.stepReached / result.wallSeconds : 0,
  };
  const trace = firstLast(ev, 'hessianTrace');
  if (trace) s.hessianTrace = trace;
  const nz = firstLast(ev, 'hessianNonzeroFraction');
  if (nz) s.hessianNonzeroFraction = nz;
  if (result.divergedReason) s.divergedReason = result.divergedReason;
  if (result.error) s.error = result.error;
  if (backend) s.backend = backend;
  if (outDir) s.outDir = outDir;
  return s;
}
