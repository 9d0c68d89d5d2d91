// The "label-noise" rule: noisy targets every step (paper-notes §3.1, Fig. 4 "GD + label noise").

import type { JSONSchemaType, PluginContext, RuleParts, RulePlugin } from '@driftlab/core';
import { labelNoise, type LabelNoiseDistribution } from './label-noise';

export interface LabelNoiseOptions {
  /** uniform: full width of U(−scale/2, scale/2) (DriftReg's label_noise); gaussian: the std. */
  scale: number;
  distribution: LabelNoiseDistribution;
}

export const labelNoiseOptionsSchema: JSONSchemaType = {
  type: 'object',
  additionalProperties: false,
  properties: {
    scale: {
      type: 'number',
      minimum: 0,
      default: 1.0,
      description: 'uniform: width (noise in ±scale/2, as DriftReg); gaussian: standard deviation.',
    },
    distribution: {
      type: 'string',
      enum: ['uniform', 'gaussian'],
      default: 'uniform',
      description: "'uniform' as the DriftReg code, 'gaussian' as the paper's Eq. 7.",
    },
  },
};

export const labelNoisePlugin: RulePlugin<LabelNoiseOptions> = {
  id: '@driftlab/rules-label-noise',
  kind: 'rule',
  aliases: ['label-noise'],
  description: 'Label noise on every target entry, redrawn each step: uniform ±scale/2 (DriftReg) or N(0, scale²).',
  optionsSchema: labelNoiseOptionsSchema,
  create(o: LabelNoiseOptions, ctx: PluginContext): RuleParts {
    // scale = 0 is the noiseless control: contribute nothing.
    if (o.scale === 0) return { batch: [] };
    return { batch: [labelNoise(o.scale, ctx.stream('label-noise'), o.distribution)] };
  },
};
