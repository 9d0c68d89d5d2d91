// The "update-noise" rule: Gaussian noise on every update, DriftReg's main noise source (paper-notes §3.1).

import type { JSONSchemaType, PluginContext, RuleParts, RulePlugin } from '@driftlab/core';
import { addGaussianNoise } from './gaussian-noise';

export interface UpdateNoiseOptions {
  /** Standard deviation σ of the noise added to each entry. */
  std: number;
  /**
   * 'gradient': added to the raw update before the optimizer (DriftReg; parameter noise lr·σ).
   * 'step': added to the parameter step after the optimizer (the paper's Eq. 4 as written; parameter noise σ).
   */
  placement: 'gradient' | 'step';
}

export const updateNoiseOptionsSchema: JSONSchemaType = {
  type: 'object',
  additionalProperties: false,
  properties: {
    std: { type: 'number', minimum: 0, default: 0.03, description: 'Noise standard deviation σ.' },
    placement: {
      type: 'string',
      enum: ['gradient', 'step'],
      default: 'gradient',
      description: "'gradient' = before the learning rate (DriftReg code), 'step' = after it.",
    },
  },
};

export const updateNoisePlugin: RulePlugin<UpdateNoiseOptions> = {
  id: '@driftlab/rules-update-noise',
  kind: 'rule',
  aliases: ['update-noise'],
  description: 'Additive Gaussian update noise, on the gradient (before lr, as DriftReg) or on the parameter step.',
  optionsSchema: updateNoiseOptionsSchema,
  create(o: UpdateNoiseOptions, ctx: PluginContext): RuleParts {
    // σ = 0 is the noiseless control: contribute nothing rather than add zeros every step.
    if (o.std === 0) return { updates: [] };
    return { updates: [addGaussianNoise(o.std, ctx.stream('update-noise'), o.placement)] };
  },
};
