// One run of a study, in whatever thread or process picked it up: build it from its resolved config, resume
// it from a checkpoint if one is given, report checkpoints as they happen, and return its whole outcome.

import * as os from 'os';
import { threadId } from 'worker_threads';
import type { Evaluation, FloatArray, RunConfig, RunResult, RunStatus } from '@driftlab/core';
import { createRegistry } from '../plugins';
import { executeRun, prepareRun } from '../run';
import { buildSummary, type RunSummary } from '../summary';
import { driftlabVersions } from '../versions';
import { decode, encode } from './codec';
import { resultDigest } from './digest';
import { loadPluginModules } from './plugin-modules';

export interface RunTask {
  runId: string;
  /** The resolved config (its hash is runId). */
  config: RunConfig;
  /** Steps between checkpoints for this execution (not part of the run id); null: none. */
  checkpointEvery: number | null;
  /** Plugin modules to load (absolute paths or package names). */
  plugins: string[];
  /** An encoded Checkpoint to continue from. */
  resume?: Uint8Array | null;
  attempt?: number;
}

/** Everything needed to continue a run bitwise identically: parameters, transform states, and the record so far. */
export interface Checkpoint {
  runId: string;
  /** Steps completed; the RNG counters are the step number (counter-based streams). */
  step: number;
  params: FloatArray;
  states: unknown[];
  stepper: unknown;
  /** Every evaluation up to `step`, so the finished run's record and derived results are whole. */
  evaluations: Evaluation[];
}

export type OutcomeStatus = Exclude<RunStatus, 'running'>;

export interface RunOutcome {
  runId: string;
  status: OutcomeStatus;
  steps: number;
  stepReached: number;
  seed: number;
  evaluations: Evaluation[];
  derived: Record<string, unknown>;
  summary: RunSummary;
  error?: string;
  divergedReason?: string;
  /** Seconds this attempt ran. */
  wallSeconds: number;
  /** Step this attempt started from (0 unless resumed). */
  resumedFrom: number;
  worker: string;
  versions: Record<string, string>;
  /** sha256 of what the run computed (see digest.ts). */
  digest: string;
  /** Replicas in the engine ensemble this run was packed into (1: run alone). */
  ensemble?: number;
}

export interface TaskListener {
  started?(info: { runId: string; worker: string; resumedFrom: number }): void;
  /** Steps completed so far (at evaluations). */
  progress?(step: number): void;
  /** A checkpoint (encoded Checkpoint) at `step`. */
  checkpoint?(step: number, data: Uint8Array): void;
}

export function workerName(): string {
  return `${os.hostname()}:${process.pid}${threadId ? `:${threadId}` : ''}`;
}

/** Merge the evaluations recorded before a checkpoint at `step` with those after resuming there. */
export function mergeEvaluations(prior: readonly Evaluation[], step: number, current: readonly Evaluation[]): Evaluation[] {
  return [...prior.filter((e) => e.step < step), ...current];
}

function failedOutcome(task: RunTask, error: string, worker: string, resumedFrom: number): RunOutcome {
  const result = {
    runId: task.runId, status: 'failed' as const, steps: task.config.schedule.steps, stepReached: resumedFrom,
    seed: task.config.seed, evaluations: [], derived: {}, error, wallSeconds: 0,
  };
  return { ...result, summary: buildSummary(result), resumedFrom, worker, versions: driftlabVersions(), digest: resultDigest(result) };
}

/** Run one task to its end (completed, diverged, failed or interrupted). Never throws for a run's own errors. */
export function executeTask(task: RunTask, listener: TaskListener = {}, shouldStop?: () => boolean): RunOutcome {
  const worker = workerName();
  let checkpoint: Checkpoint | null = null;
  let prepared;
  try {
    checkpoint = task.resume ? decode<Checkpoint>(task.resume) : null;
    if (checkpoint && checkpoint.runId !== task.runId) throw new Error(`checkpoint belongs to run ${checkpoint.runId}, not ${task.runId}`);
    const registry = createRegistry(loadPluginModules(task.plugins));
    prepared = prepareRun(task.config, { registry });
  } catch (e) {
    return failedOutcome(task, (e as Error).message, worker, checkpoint?.step ?? 0);
  }
  if (prepared.runId !== task.runId) {
    const msg = `this worker resolves the config to run id ${prepared.runId}, not ${task.runId}: are the coordinator and worker on different driftlab versions?`;
    return failedOutcome(task, msg, worker, 0);
  }
  // The checkpoint interval is how this execution runs, not what it computes: the run id stays.
  prepared.config.schedule.checkpointEvery = task.config.schedule.checkpointEvery ?? task.checkpointEvery;
  const from = checkpoint?.step ?? 0;
  const prior = checkpoint?.evaluations ?? [];
  const current: Evaluation[] = [];
  listener.started?.({ runId: task.runId, worker, resumedFrom: from });
  const { result, built } = executeRun(prepared, {
    shouldStop,
    resume: checkpoint ? { step: checkpoint.step, params: checkpoint.params, states: checkpoint.states, stepperState: checkpoint.stepper ?? undefined } : undefined,
    hooks: [
      {
        name: 'study',
        order: 'post',
        hooks: {
          onEvaluate: (ev) => {
            current.push(ev);
            listener.progress?.(ev.step);
          },
          onCheckpoint: (c) => {
            if (!listener.checkpoint) return;
            const s = c.state as { step: number; params: FloatArray; states: unknown[]; stepper?: unknown };
            const ck: Checkpoint = {
              runId: task.runId, step: s.step, params: s.params, states: s.states, stepper: s.stepper ?? null,
              evaluations: mergeEvaluations(prior, from, current),
            };
            listener.checkpoint(c.step, encode(ck));
          },
        },
      },
    ],
  });
  const evaluations = checkpoint ? mergeEvaluations(prior, from, result.evaluations) : result.evaluations;
  let derived = result.derived;
  if (checkpoint && built) {
    // Probes' derived results are functions of every evaluation: recompute them over the whole record.
    derived = {};
    for (const p of built.probes) {
      if (!p.finalize) continue;
      try {
        Object.assign(derived, p.finalize(evaluations));
      } catch (e) {
        derived[`${p.name}Error`] = (e as Error).message;
      }
    }
  }
  return outcomeOf(task, { ...result, evaluations, derived }, from, worker);
}

/** A finished RunResult (whole record, derived over it) as the outcome a worker returns. */
export function outcomeOf(task: RunTask, whole: RunResult, resumedFrom: number, worker: string, ensemble = 1): RunOutcome {
  const status = (whole.status === 'running' ? 'failed' : whole.status) as OutcomeStatus;
  return {
    runId: task.runId,
    status,
    steps: whole.steps,
    stepReached: whole.stepReached,
    seed: whole.seed,
    evaluations: whole.evaluations,
    derived: whole.derived,
    summary: buildSummary(whole),
    error: whole.error,
    divergedReason: whole.divergedReason,
    wallSeconds: whole.wallSeconds,
    resumedFrom,
    worker,
    versions: driftlabVersions(),
    digest: resultDigest({ ...whole, status }),
    ensemble,
  };
}
