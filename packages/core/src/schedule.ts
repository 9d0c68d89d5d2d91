// When to evaluate (scalars), snapshot (arrays + parameters) and checkpoint.

import type { ScheduleConfig } from './config';

export interface Schedule {
  steps: number;
  /** Sorted, unique steps (after that many updates) at which to evaluate; includes 0 and steps. */
  evalSteps: number[];
  snapshotSteps: Set<number>;
  checkpointEvery: number | null;
}

function linear(steps: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.round((i * steps) / (count - 1)));
  return out;
}

function logSpaced(steps: number, count: number): number[] {
  const out = [0];
  const top = Math.log(steps);
  for (let i = 0; i < count - 1; i++) out.push(Math.round(Math.exp((i * top) / Math.max(1, count - 2))));
  return out;
}

export function buildSchedule(s: ScheduleConfig): Schedule {
  const steps = s.steps;
  const n = Math.min(s.evaluations, steps + 1);
  let evals: number[];
  if (s.spacing === 'linear') evals = linear(steps, n);
  else if (s.spacing === 'log') evals = logSpaced(steps, n);
  else evals = [...logSpaced(steps, Math.ceil(n / 2)), ...linear(steps, Math.floor(n / 2) + 1)];
  const snaps = linear(steps, Math.min(s.snapshots, steps + 1));
  const all = [...new Set([...evals, ...snaps, steps])].filter((x) => x >= 0 && x <= steps).sort((a, b) => a - b);
  return { steps, evalSteps: all, snapshotSteps: new Set(snaps), checkpointEvery: s.checkpointEvery };
}
