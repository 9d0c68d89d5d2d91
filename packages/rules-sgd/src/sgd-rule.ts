// The "sgd" rule: (optionally minibatch) gradient descent with optional momentum. With the defaults it is
// DriftReg's "SGD", which is full-batch GD at lr 0.1 (the code's batch_size is never used; paper-notes §3.1).

import type { JSONSchemaType, PluginContext, RuleParts, RulePlugin, UpdateTransform } from '@driftlab/core';
import { minibatch } from './minibatch';
import { momentum } from './momentum';
import { scale } from './scale';

export interface SgdOptions {
  /** Learning rate η > 0; the parameter step is −η·(direction). */
  lr: number;
  /** Rows per step; null trains on the full batch every step. */
  batchSize: number | null;
  /** Momentum coefficient β in [0, 1); 0 turns momentum off. */
  momentum: number;
  /** Nesterov momentum (needs momentum > 0, as in PyTorch). */
  nesterov: boolean;
  /** Draw minibatch rows with replacement. */
  replace: boolean;
}

export const sgdOptionsSchema: JSONSchemaType = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lr: { type: 'number', exclusiveMinimum: 0, default: 0.1, description: 'Learning rate.' },
    batchSize: {
      anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }],
      default: null,
      description: 'Rows per step; null = full batch (DriftReg).',
    },
    momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0, description: 'Momentum β; 0 = none.' },
    nesterov: { type: 'boolean', default: false, description: 'Nesterov momentum (requires momentum > 0).' },
    replace: { type: 'boolean', default: false, description: 'Sample minibatch rows with replacement.' },
  },
  // Nesterov needs momentum > 0 (as in PyTorch). ajv checks if/then before it fills defaults, so `then`
  // requires momentum to be given explicitly.
  if: { type: 'object', properties: { nesterov: { const: true } }, required: ['nesterov'] },
  then: { type: 'object', properties: { momentum: { type: 'number', exclusiveMinimum: 0 } }, required: ['momentum'] },
};

export const sgdPlugin: RulePlugin<SgdOptions> = {
  id: '@driftlab/rules-sgd',
  kind: 'rule',
  aliases: ['sgd'],
  description: 'Gradient descent: full batch or minibatch, optional heavy-ball or Nesterov momentum, step −lr·direction.',
  optionsSchema: sgdOptionsSchema,
  create(o: SgdOptions, ctx: PluginContext): RuleParts {
    if (o.nesterov && !(o.momentum > 0)) throw new Error(`${ctx.path}: nesterov needs momentum > 0`);
    const updates: UpdateTransform<any>[] = [];
    if (o.momentum > 0) updates.push(momentum(o.momentum, o.nesterov));
    updates.push(scale(-o.lr, 'optimizer'));
    const parts: RuleParts = { updates };
    if (o.batchSize !== null) parts.batch = [minibatch(o.batchSize, ctx.stream('minibatch'), o.replace)];
    return parts;
  },
};
