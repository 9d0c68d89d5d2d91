// Metric plugin "activity": active fraction and fraction of active units at every evaluation; at the end the
// sparsification timescale (paper §4.5) and when the loss converged (§4.6).

import type { Evaluation, MetricProbe, PluginDescriptor, ProbeInput } from '@driftlab/core';
import { activeFraction, activeUnitFraction } from '../activity';
import { convergedAtStep } from '../loss';
import { fitExponentialDecay, sparsificationTimescale } from '../timescale';
import { hiddenRecording, scalarSeries } from './hidden-recording';

export interface ActivityProbeOptions {
  /** Hidden layer index (0 = first). */
  layer: number;
}

/**
 * Scalars per evaluation: activeFraction (mean of 1[h > 0]), activeUnits (fraction of units active for some
 * input). finalize: timescale (get_tau on activeUnits; null when it does not decrease), timescaleFit (least-
 * squares exponential, unbiased), convergedAtStep / lossPlateau from the loop's `loss` scalar.
 */
export function createActivityProbe(options: ActivityProbeOptions): MetricProbe {
  const layer = options.layer ?? 0;
  return {
    name: 'activity',
    evaluate(input: ProbeInput) {
      const rec = hiddenRecording(input, layer);
      return { scalars: { activeFraction: activeFraction(rec), activeUnits: activeUnitFraction(rec) } };
    },
    finalize(evaluations: readonly Evaluation[]) {
      const units = scalarSeries(evaluations, 'activeUnits');
      const loss = scalarSeries(evaluations, 'loss');
      const convergence = convergedAtStep(loss.steps, loss.values);
      return {
        timescale: sparsificationTimescale(units.steps, units.values),
        timescaleFit: fitExponentialDecay(units.steps, units.values),
        convergedAtStep: convergence.step,
        lossPlateau: convergence.plateau,
      };
    },
  };
}

export const activityMetric: PluginDescriptor<ActivityProbeOptions, MetricProbe> & { kind: 'metric' } = {
  id: '@driftlab/metrics/activity',
  kind: 'metric',
  aliases: ['activity'],
  description: 'Active fraction and fraction of active units per evaluation; sparsification timescale and loss convergence at the end.',
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      layer: { type: 'integer', minimum: 0, default: 0, description: 'Hidden layer index.' },
    },
  },
  create: (options) => createActivityProbe(options),
};
