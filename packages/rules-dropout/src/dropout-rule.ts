// The "dropout" rule: node dropout or DropConnect during training. Not in the paper (paper-notes §3.5: no dropout
// experiments); dropout is the normative drift account of Aitken et al. 2022 that the paper cites.

import type { JSONSchemaType, PluginContext, RuleParts, RulePlugin } from '@driftlab/core';
import { dropout } from './dropout';

export interface DropoutOptions {
  /** Drop probability p in [0, 1). */
  rate: number;
  /** Drop input weights of the chosen hidden layers instead of their units. */
  dropConnect: boolean;
  /** 'all' hidden layers, or a list of 0-based hidden-layer indices. */
  layers: 'all' | number[];
}

export const dropoutOptionsSchema: JSONSchemaType = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rate: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0.5, description: 'Drop probability p.' },
    dropConnect: { type: 'boolean', default: false, description: "Mask the layers' input weights instead of their units." },
    layers: {
      anyOf: [
        { type: 'string', const: 'all' },
        { type: 'array', items: { type: 'integer', minimum: 0 }, minItems: 1, uniqueItems: true },
      ],
      default: 'all',
      description: "'all' or 0-based hidden-layer indices.",
    },
  },
};

export const dropoutPlugin: RulePlugin<DropoutOptions> = {
  id: '@driftlab/rules-dropout',
  kind: 'rule',
  aliases: ['dropout'],
  description: 'Dropout or DropConnect on hidden layers (inverted scaling, training steps only).',
  optionsSchema: dropoutOptionsSchema,
  create(o: DropoutOptions, ctx: PluginContext): RuleParts {
    // p = 0 keeps everything: contribute nothing.
    if (o.rate === 0) return { activation: [] };
    return { activation: [dropout(o.rate, ctx.stream('dropout'), { dropConnect: o.dropConnect, layers: o.layers })] };
  },
};
