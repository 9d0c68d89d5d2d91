// Hooks observe; they never change numbers. Order (pinned by a golden test):
//   onRunStart → [onStepStart → beforeUpdate → afterUpdate → onStepEnd → onEvaluate? → onCheckpoint?]* → onRunEnd
// onError replaces onRunEnd when the run throws. Within one hook name, 'pre' hooks run before 'post' hooks,
// then in registration order.

import type { FloatArray } from './model';
import type { Evaluation, RunInfo, RunResult } from './run-types';

export interface UpdateView {
  step: number;
  /** The parameter buffer (read-only by contract). */
  params: Readonly<FloatArray>;
  /** The update about to be added (beforeUpdate) or just added (afterUpdate). */
  update: Readonly<FloatArray>;
  /** Training loss on the batch this step. */
  loss: number;
}

export interface CheckpointView {
  step: number;
  /** Serialisable state: parameters, transform states, counters. */
  state: unknown;
}

export interface TrainingHooks {
  onRunStart(info: RunInfo): void;
  onStepStart(step: number): void;
  beforeUpdate(view: UpdateView): void;
  afterUpdate(view: UpdateView): void;
  onStepEnd(step: number, loss: number): void;
  onEvaluate(evaluation: Evaluation): void;
  onCheckpoint(checkpoint: CheckpointView): void;
  onRunEnd(result: RunResult): void;
  onError(error: Error, step: number): void;
}

export type HookName = keyof TrainingHooks;

/** The documented order of one run (steps repeat; onEvaluate/onCheckpoint only at scheduled steps). */
export const HOOK_ORDER: readonly HookName[] = [
  'onRunStart',
  'onStepStart',
  'beforeUpdate',
  'afterUpdate',
  'onStepEnd',
  'onEvaluate',
  'onCheckpoint',
  'onRunEnd',
  'onError',
] as const;

/** Hooks that fire every step: a run with none of them may use a fused multi-step backend path. */
export const STEP_HOOKS: readonly HookName[] = ['onStepStart', 'beforeUpdate', 'afterUpdate', 'onStepEnd'];

export interface HookRegistration {
  hooks: Partial<TrainingHooks>;
  order?: 'pre' | 'post';
  name?: string;
}

export class HookRunner {
  private readonly byName = new Map<HookName, ((...a: any[]) => void)[]>();

  constructor(registrations: HookRegistration[]) {
    const sorted = [
      ...registrations.filter((r) => r.order === 'pre'),
      ...registrations.filter((r) => r.order !== 'pre'),
    ];
    for (const name of HOOK_ORDER) {
      const fns: ((...a: any[]) => void)[] = [];
      for (const r of sorted) {
        const f = r.hooks[name] as ((...a: any[]) => void) | undefined;
        if (f) fns.push(f.bind(r.hooks));
      }
      if (fns.length) this.byName.set(name, fns);
    }
  }

  has(name: HookName): boolean {
    return this.byName.has(name);
  }

  /** True when any per-step hook is registered. */
  get hasStepHooks(): boolean {
    return STEP_HOOKS.some((h) => this.byName.has(h));
  }

  emit<K extends HookName>(name: K, ...args: Parameters<TrainingHooks[K]>): void {
    const fns = this.byName.get(name);
    if (!fns) return;
    for (const f of fns) f(...args);
  }
}
