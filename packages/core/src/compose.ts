// Composing rule parts into one step: batch transforms → masks → source → update transforms by stage.

import type { HookRegistration } from './hooks';
import type { FloatArray, Masks, Model } from './model';
import type {
  ActivationTransform,
  BatchTransform,
  FusableOp,
  FusedPlan,
  RuleParts,
  UpdateSource,
  UpdateStage,
  UpdateTransform,
} from './plugin';
import type { Batch } from './model';

/** The default update source: the gradient of the batch MSE. */
export const gradientSource: UpdateSource = {
  name: 'gradient',
  compute: (model, batch, masks, out) => model.lossAndGrad(batch, out, masks),
  fusable: { op: 'gradient' },
};

const STAGE_ORDER: Record<UpdateStage, number> = { gradient: 0, optimizer: 1, step: 2 };

export interface ComposedRules {
  source: UpdateSource;
  batch: BatchTransform[];
  activation: ActivationTransform[];
  /** Sorted by stage, config order within a stage (a stable sort). */
  updates: UpdateTransform<unknown>[];
  hooks: HookRegistration[];
}

export function composeRules(parts: readonly { name: string; parts: RuleParts }[]): ComposedRules {
  let source: UpdateSource | undefined;
  let sourceOwner = '';
  const batch: BatchTransform[] = [];
  const activation: ActivationTransform[] = [];
  const updates: UpdateTransform<unknown>[] = [];
  const hooks: HookRegistration[] = [];
  for (const { name, parts: p } of parts) {
    if (p.source) {
      if (source) throw new Error(`two update sources: "${sourceOwner}" and "${name}" both define one; keep one`);
      source = p.source;
      sourceOwner = name;
    }
    batch.push(...(p.batch ?? []));
    activation.push(...(p.activation ?? []));
    updates.push(...((p.updates ?? []) as UpdateTransform<unknown>[]));
    if (p.hooks) hooks.push({ hooks: p.hooks, name });
  }
  const sorted = updates
    .map((t, i) => ({ t, i }))
    .sort((a, b) => STAGE_ORDER[a.t.stage] - STAGE_ORDER[b.t.stage] || a.i - b.i)
    .map((x) => x.t);
  return { source: source ?? gradientSource, batch, activation, updates: sorted, hooks };
}

/** Multiply the masks of several activation transforms (null where none applies). */
export function mergeMasks(all: Masks[]): Masks | undefined {
  if (all.length === 0) return undefined;
  if (all.length === 1) return all[0];
  const out: Masks = { hiddenMasks: [], weightMasks: [] };
  for (const key of ['hiddenMasks', 'weightMasks'] as const) {
    const lists = all.map((m) => m[key] ?? []);
    const len = Math.max(...lists.map((l) => l.length));
    for (let k = 0; k < len; k++) {
      let acc: FloatArray | null = null;
      for (const l of lists) {
        const m = l[k];
        if (!m) continue;
        if (!acc) acc = m.slice();
        else for (let i = 0; i < acc.length; i++) acc[i] *= m[i];
      }
      out[key]![k] = acc;
    }
  }
  return out;
}

/** The fused description of a composition, or null when any part lacks one. */
export function fusedPlan(rules: ComposedRules, data: Batch): FusedPlan | null {
  const ops = (xs: { fusable?: FusableOp }[]) => (xs.every((x) => x.fusable) ? xs.map((x) => x.fusable!) : null);
  const batch = ops(rules.batch);
  const activation = ops(rules.activation);
  const updates = ops(rules.updates);
  if (!batch || !activation || !updates || !rules.source.fusable) return null;
  return { batch, activation, updates, source: rules.source.fusable, data };
}

/** Runs one generic step in place; returns the training loss. `upd` is a scratch buffer of nParams. */
export function genericStep(
  model: Model,
  rules: ComposedRules,
  states: unknown[],
  data: Batch,
  upd: FloatArray,
  step: number,
  beforeApply?: (loss: number) => void,
): number {
  let batch = data;
  for (const t of rules.batch) batch = t.apply(batch, step);
  const masks = mergeMasks(rules.activation.map((a) => a.masks(model, batch.n, step)));
  const loss = rules.source.compute(model, batch, masks, upd, step);
  const ctx = { step, model, batch, loss };
  const params = model.params;
  for (let i = 0; i < rules.updates.length; i++) states[i] = rules.updates[i].update(upd, states[i], params, ctx);
  beforeApply?.(loss);
  for (let i = 0; i < params.length; i++) params[i] += upd[i];
  return loss;
}
