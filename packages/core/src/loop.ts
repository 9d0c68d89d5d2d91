// The training loop: steps, clean evaluations at scheduled steps, observe-only hooks, divergence detection.
// Randomness is indexed by step (counter-based streams), so evaluations and hooks never change a trajectory.

import { composeRules, fusedPlan, genericStep, type ComposedRules } from './compose';
import { HookRunner } from './hooks';
import type { Batch, FloatArray, Model } from './model';
import type { FusedStepper, FusingModel } from './plugin';
import type { Evaluation, MetricProbe, RunInfo, RunResult, RunStatus } from './run-types';
import type { Schedule } from './schedule';
import type { TaskData } from './task';

export interface LoopSetup {
  info: RunInfo;
  model: Model;
  task: TaskData;
  rules: ComposedRules;
  probes: MetricProbe[];
  hooks: HookRunner;
  schedule: Schedule;
  divergence: { maxLog10Loss: number; deadUnits: boolean };
  /** Resume: start after this many completed steps, with these transform states. */
  resume?: { step: number; states: unknown[]; stepperState?: unknown };
  /** Polled between chunks of steps (e.g. set by Ctrl-C); true stops the run as 'interrupted'. */
  shouldStop?: () => boolean;
  /** Use a backend's fused multi-step path when possible (default true). */
  allowFused?: boolean;
  clock?: () => number;
}

/** Unbiased variance of all entries (torch's y.var()). */
export function unbiasedVariance(y: Float64Array): number {
  let m = 0;
  for (let i = 0; i < y.length; i++) m += y[i];
  m /= y.length;
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i] - m) * (y[i] - m);
  return s / (y.length - 1);
}

function toDtype(model: Model, a: Float64Array): FloatArray {
  return model.dtype === 'float32' ? Float32Array.from(a) : a;
}

export function taskBatch(model: Model, task: TaskData): Batch {
  return { x: toDtype(model, task.x), y: toDtype(model, task.y), n: task.n };
}

/**
 * One clean evaluation at step `at`: MSE and normalised loss on the whole data set (no noise, no masks), every
 * probe's scalars (and arrays at snapshots), parameters at snapshots, and why the run diverged, if it did
 * (NaN, log10 normalised loss above the limit, every unit of the first hidden layer silent).
 */
export function evaluateClean(
  e: { model: Model; task: TaskData; data: Batch; varY: number; probes: readonly MetricProbe[]; snapshot: boolean; divergence: LoopSetup['divergence'] },
  at: number,
): { evaluation: Evaluation; divergedReason?: string } {
  const { model, task, data } = e;
  const fwd = model.forward(data.x, data.n);
  const out = fwd.out;
  let sse = 0;
  for (let i = 0; i < out.length; i++) {
    const d = out[i] - data.y[i];
    sse += d * d;
  }
  const loss = sse / out.length;
  const ev: Evaluation = { step: at, scalars: { loss, lossNormalised: loss / e.varY }, snapshot: e.snapshot };
  for (const p of e.probes) {
    const r = p.evaluate({ step: at, model, task, hidden: fwd.hidden, out, loss, snapshot: e.snapshot });
    Object.assign(ev.scalars, r.scalars);
    if (r.arrays) ev.arrays = { ...(ev.arrays ?? {}), ...r.arrays };
  }
  if (e.snapshot) ev.params = model.params.slice();
  const log10 = Math.log10(ev.scalars.lossNormalised);
  let divergedReason: string | undefined;
  if (!Number.isFinite(loss)) divergedReason = 'loss is not finite';
  else if (log10 > e.divergence.maxLog10Loss) divergedReason = `log10 normalised loss ${log10.toFixed(2)} > ${e.divergence.maxLog10Loss}`;
  else if (e.divergence.deadUnits && fwd.hidden.length > 0 && fwd.hidden[0].every((v) => !(v > 0))) divergedReason = 'every hidden unit is silent';
  return { evaluation: ev, divergedReason };
}

export function runLoop(s: LoopSetup): RunResult {
  const clock = s.clock ?? Date.now;
  const t0 = clock();
  const { model, task, rules, hooks, schedule } = s;
  const data = taskBatch(model, task);
  const varY = unbiasedVariance(task.y);
  const upd = model.newBuffer();
  const states: unknown[] = s.resume?.states ?? rules.updates.map((t) => t.init(model.params));
  const evaluations: Evaluation[] = [];
  let step = s.resume?.step ?? 0;
  let status: RunStatus = 'completed';
  let divergedReason: string | undefined;
  let stepper: FusedStepper | null = null;
  if (s.allowFused !== false && !hooks.hasStepHooks && 'createFusedStepper' in model) {
    const plan = fusedPlan(rules, data);
    if (plan) stepper = (model as unknown as FusingModel).createFusedStepper(plan);
    if (stepper && s.resume?.stepperState !== undefined) stepper.restore(s.resume.stepperState);
  }

  const evaluate = (at: number): Evaluation => {
    const r = evaluateClean({ model, task, data, varY, probes: s.probes, snapshot: schedule.snapshotSteps.has(at), divergence: s.divergence }, at);
    if (r.divergedReason) divergedReason = r.divergedReason;
    return r.evaluation;
  };

  const checkpoint = (at: number) => {
    if (!hooks.has('onCheckpoint')) return;
    hooks.emit('onCheckpoint', {
      step: at,
      state: { step: at, params: model.params.slice(), states: structuredClone(states), stepper: stepper?.state() },
    });
  };

  // Built once, not per step: the generic step is the hot path when a run has per-step hooks or unfusable parts.
  const beforeApply = hooks.has('beforeUpdate')
    ? (l: number) => hooks.emit('beforeUpdate', { step, params: model.params, update: upd, loss: l })
    : undefined;
  const hasAfterUpdate = hooks.has('afterUpdate');

  hooks.emit('onRunStart', s.info);
  try {
    const pending = schedule.evalSteps.filter((e) => e >= step);
    if (pending[0] === step) {
      const ev = evaluate(step);
      evaluations.push(ev);
      hooks.emit('onEvaluate', ev);
      pending.shift();
    }
    const every = schedule.checkpointEvery;
    while (!divergedReason && step < schedule.steps) {
      if (s.shouldStop?.()) {
        status = 'interrupted';
        break;
      }
      let target = pending.length ? pending[0] : schedule.steps;
      if (every) target = Math.min(target, (Math.floor(step / every) + 1) * every);
      // Chunk long stretches so interruption stays responsive.
      target = Math.min(target, step + 100000);
      if (stepper) {
        const loss = stepper.run(step, target - step);
        step = target;
        if (!Number.isFinite(loss)) divergedReason = 'training loss is not finite';
      } else {
        for (; step < target; step++) {
          hooks.emit('onStepStart', step);
          const loss = genericStep(model, rules, states, data, upd, step, beforeApply);
          if (hasAfterUpdate) hooks.emit('afterUpdate', { step, params: model.params, update: upd, loss });
          hooks.emit('onStepEnd', step, loss);
          if (!Number.isFinite(loss)) {
            divergedReason = 'training loss is not finite';
            step++;
            break;
          }
        }
      }
      if (pending.length && pending[0] === step) {
        pending.shift();
        const ev = evaluate(step);
        evaluations.push(ev);
        hooks.emit('onEvaluate', ev);
      } else if (divergedReason) {
        const ev = evaluate(step);
        evaluations.push(ev);
        hooks.emit('onEvaluate', ev);
      }
      if (every && step % every === 0 && step < schedule.steps) checkpoint(step);
    }
    if (divergedReason) status = 'diverged';
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    hooks.emit('onError', e, step);
    return finish('failed', e.message);
  }
  const result = finish(status);
  hooks.emit('onRunEnd', result);
  return result;

  function finish(st: RunStatus, error?: string): RunResult {
    const derived: Record<string, unknown> = {};
    for (const p of s.probes) {
      if (!p.finalize) continue;
      try {
        Object.assign(derived, p.finalize(evaluations));
      } catch (e) {
        derived[`${p.name}Error`] = (e as Error).message;
      }
    }
    stepper?.dispose?.();
    return {
      runId: s.info.runId,
      status: st,
      steps: schedule.steps,
      stepReached: step,
      seed: s.info.seed,
      evaluations,
      derived,
      error,
      divergedReason,
      wallSeconds: (clock() - t0) / 1000,
    };
  }
}

export { composeRules };
