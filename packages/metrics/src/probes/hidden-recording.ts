// Shared by the metric probes: one hidden layer of a clean forward pass as a Recording.

import type { ProbeInput } from '@driftlab/core';
import { recordingFromHidden, type Recording } from '../recording';

/** hidden[layer] (samples × units) with the task's positions and direction flag, time = step. */
export function hiddenRecording(input: ProbeInput, layer: number): Recording {
  const hidden = input.hidden[layer];
  if (hidden === undefined) throw new Error(`metric probe: layer ${layer} does not exist (${input.hidden.length} hidden layers)`);
  const n = input.task.n;
  const nUnits = n === 0 ? 0 : hidden.length / n;
  if (!Number.isInteger(nUnits)) throw new Error(`metric probe: hidden[${layer}] length ${hidden.length} is not a multiple of n = ${n}`);
  return recordingFromHidden(hidden, n, nUnits, input.task.position, input.task.directional, input.step);
}

/** The finite values of one scalar over the evaluations, with their steps. */
export function scalarSeries(evaluations: readonly { step: number; scalars: Record<string, number> }[], name: string) {
  const steps: number[] = [];
  const values: number[] = [];
  for (const e of evaluations) {
    const v = e.scalars[name];
    if (typeof v === 'number' && Number.isFinite(v)) {
      steps.push(e.step);
      values.push(v);
    }
  }
  return { steps, values };
}
