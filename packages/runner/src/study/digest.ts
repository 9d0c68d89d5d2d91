// A run's result digest: sha256 over everything a run computes (status, every evaluation's scalars and arrays
// bit for bit, derived results), and nothing about where or how fast it ran. Equal digests = identical runs.
import { createHash } from 'crypto';
import type { Evaluation } from '@driftlab/core';
import { encode } from './codec';

export interface DigestInput {
  status: string;
  steps: number;
  stepReached: number;
  seed: number;
  divergedReason?: string;
  error?: string;
  evaluations: readonly Evaluation[];
  derived: Record<string, unknown>;
}

export function resultDigest(r: DigestInput): string {
  const payload = {
    status: r.status,
    steps: r.steps,
    stepReached: r.stepReached,
    seed: r.seed,
    divergedReason: r.divergedReason ?? null,
    error: r.error ?? null,
    evaluations: r.evaluations.map((e) => ({ step: e.step, snapshot: e.snapshot, scalars: e.scalars, arrays: e.arrays ?? null, params: e.params ?? null })),
    derived: r.derived,
  };
  return createHash('sha256').update(encode(payload, { sortKeys: true })).digest('hex');
}
