// Several runs as one engine ensemble (WasmMlpEnsemble: replicas in lockstep, SIMD lanes across replicas). Runs
// qualify when they train the same wasm net on the same data with the same op kinds and schedule, differing
// only in numeric hyperparameters (noise std, lr, label-noise scale …). Each replica's record is what core's
// runLoop would have produced running it alone — the engine guarantees bit-identical trajectories, and this
// loop evaluates, detects divergence and checkpoints exactly as runLoop does.

import {
  buildSchedule,
  composeRules,
  evaluateClean,
  fusedPlan,
  taskBatch,
  unbiasedVariance,
  type Evaluation,
  type FusedPlan,
  type RunResult,
  type RunStatus,
} from '@driftlab/core';
import { WasmMlpEnsemble, WasmMlpModel, ensembleUnsupportedReason } from '@driftlab/engine';
import { canonicalJson } from '../canonical';
import { createRegistry } from '../plugins';
import { buildRun, prepareRun, type BuiltRun } from '../run';
import { encode } from './codec';
import { loadPluginModules } from './plugin-modules';
import { outcomeOf, workerName, type Checkpoint, type RunOutcome, type RunTask, type TaskListener } from './task';

/** Runs with equal keys may pack: everything but the numbers inside rule options must match. */
export function packKey(task: RunTask): string {
  const c = task.config;
  const shape = (v: unknown): unknown =>
    typeof v === 'number' ? '#' : Array.isArray(v) ? v.map(shape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : v;
  return canonicalJson({ ...c, name: null, description: null, rules: c.rules.map((r) => ({ id: r.id, options: shape(r.options) })), plugins: task.plugins, every: task.checkpointEvery });
}

interface Replica {
  task: RunTask;
  built: BuiltRun;
  listener: TaskListener;
  states: unknown[];
  evaluations: Evaluation[];
  status: RunStatus;
  divergedReason?: string;
  error?: string;
  stepReached: number;
  done: boolean;
}

/** Why these tasks cannot run as one ensemble, or null (then `ensemble` holds what is needed to run them). */
function prepare(tasks: RunTask[], listeners: TaskListener[]): { why: string } | { replicas: Replica[]; plans: FusedPlan[] } {
  if (tasks.length < 2) return { why: 'one run' };
  if (tasks.some((t) => t.resume)) return { why: 'resumed runs continue singly' };
  const replicas: Replica[] = [];
  const plans: FusedPlan[] = [];
  for (const [i, task] of tasks.entries()) {
    const registry = createRegistry(loadPluginModules(task.plugins));
    const prepared = prepareRun(task.config, { registry });
    if (prepared.runId !== task.runId) return { why: 'run id mismatch' };
    const built = buildRun(prepared);
    if (!(built.model instanceof WasmMlpModel)) return { why: 'not the wasm engine' };
    const rules = composeRules(built.parts);
    if (rules.hooks.length) return { why: 'a rule has hooks' };
    const plan = fusedPlan(rules, taskBatch(built.model, built.task));
    if (!plan) return { why: 'not fusable' };
    plans.push(plan);
    replicas.push({
      task, built, listener: listeners[i], states: rules.updates.map((t) => t.init(built.model.params)),
      evaluations: [], status: 'completed', stepReached: 0, done: false,
    });
  }
  const first = replicas[0].built.model as WasmMlpModel;
  const sched = canonicalJson(replicas[0].task.config.schedule);
  for (const r of replicas) {
    const m = r.built.model as WasmMlpModel;
    if (m.dtype !== first.dtype || canonicalJson(m.spec) !== canonicalJson(first.spec)) return { why: 'different nets' };
    if (canonicalJson(r.task.config.schedule) !== sched) return { why: 'different schedules' };
  }
  const why = ensembleUnsupportedReason(first.spec, plans);
  return why ? { why } : { replicas, plans };
}

/**
 * Run `tasks` as one ensemble. Returns null (having run nothing) when they cannot be packed; the caller then
 * runs them singly.
 */
export function executeEnsemble(tasks: RunTask[], listeners: TaskListener[], shouldStop?: () => boolean): RunOutcome[] | null {
  let prep;
  try {
    prep = prepare(tasks, listeners);
  } catch {
    return null; // building failed: running singly reports each run's own error
  }
  if ('why' in prep) return null;
  const { replicas, plans } = prep;
  const t0 = Date.now();
  const worker = workerName();
  const first = replicas[0];
  const model0 = first.built.model as WasmMlpModel;
  const ens = new WasmMlpEnsemble(model0.spec, model0.dtype, replicas.map((r, i) => ({ params: r.built.model.params, plan: plans[i] })));
  const schedule = buildSchedule(first.task.config.schedule);
  const every = first.task.config.schedule.checkpointEvery ?? first.task.checkpointEvery;
  for (const r of replicas) r.listener.started?.({ runId: r.task.runId, worker, resumedFrom: 0 });

  // runLoop's evaluate, for replica r (its model holds the replica's parameters first).
  const evaluate = (r: Replica, at: number): void => {
    const { model, task, probes } = r.built;
    ens.getParams(replicas.indexOf(r), model.params);
    const snapshot = schedule.snapshotSteps.has(at);
    const e = evaluateClean({ model, task, data: taskBatch(model, task), varY: unbiasedVariance(task.y), probes, snapshot, divergence: r.task.config.divergence }, at);
    // As runLoop: a later reason replaces an earlier one (training loss, then this evaluation).
    if (e.divergedReason) r.divergedReason = e.divergedReason;
    r.evaluations.push(e.evaluation);
    r.listener.progress?.(at);
  };
  const guarded = (r: Replica, at: number) => {
    try {
      evaluate(r, at);
    } catch (e) {
      r.status = 'failed';
      r.error = (e as Error).message;
      r.stepReached = at;
      r.done = true;
    }
  };

  let step = 0;
  const live = () => replicas.filter((r) => !r.done);
  const pending = schedule.evalSteps.filter((e) => e >= step);
  if (pending[0] === step) {
    pending.shift();
    for (const r of live()) guarded(r, step);
  }
  const retire = () => {
    for (const r of live()) {
      if (!r.divergedReason) continue;
      r.status = 'diverged';
      r.stepReached = step;
      r.done = true;
    }
  };
  retire();
  while (live().length && step < schedule.steps) {
    if (shouldStop?.()) {
      for (const r of live()) {
        r.status = 'interrupted';
        r.stepReached = step;
        r.done = true;
      }
      break;
    }
    let target = pending.length ? pending[0] : schedule.steps;
    if (every) target = Math.min(target, (Math.floor(step / every) + 1) * every);
    target = Math.min(target, step + 100000);
    const losses = ens.run(step, target - step);
    step = target;
    for (const r of live()) if (!Number.isFinite(losses[replicas.indexOf(r)])) r.divergedReason = 'training loss is not finite';
    const atEval = pending.length > 0 && pending[0] === step;
    if (atEval) pending.shift();
    for (const r of live()) if (atEval || r.divergedReason) guarded(r, step);
    if (every && step % every === 0 && step < schedule.steps) {
      const momentum = ens.state().momentum;
      for (const r of live()) {
        if (!r.listener.checkpoint) continue;
        const i = replicas.indexOf(r);
        // The single-run checkpoint format: a replica resumes alone from it, bit for bit.
        const ck: Checkpoint = {
          runId: r.task.runId, step, params: ens.getParams(i), states: structuredClone(r.states),
          stepper: { momentum: momentum[i] }, evaluations: r.evaluations.slice(),
        };
        r.listener.checkpoint(step, encode(ck));
      }
    }
    retire();
  }
  for (const r of live()) {
    r.stepReached = step;
    r.done = true;
  }
  const wall = (Date.now() - t0) / 1000;
  return replicas.map((r) => {
    const derived: Record<string, unknown> = {};
    for (const p of r.built.probes) {
      if (!p.finalize) continue;
      try {
        Object.assign(derived, p.finalize(r.evaluations));
      } catch (e) {
        derived[`${p.name}Error`] = (e as Error).message;
      }
    }
    const result: RunResult = {
      runId: r.task.runId, status: r.status, steps: schedule.steps, stepReached: r.stepReached, seed: r.task.config.seed,
      evaluations: r.evaluations, derived, error: r.error, divergedReason: r.status === 'diverged' ? r.divergedReason : undefined,
      wallSeconds: wall / replicas.length,
    };
    return outcomeOf(r.task, result, 0, worker, replicas.length);
  });
}
