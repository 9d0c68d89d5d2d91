// Test helpers: a plugin context like the run's, scripted random sources, and ajv as the config uses it.
import * as path from 'path';
import type Ajv2020 from 'ajv/dist/2020';
import { RandomStream, SequentialRandom, type PluginContext } from '@driftlab/core';
import type { DataRandom } from '../data-random';

export function contextFor(seed: number, replica = 0): PluginContext {
  return { seed, replica, path: 'task', stream: (name: string) => RandomStream.derive(seed, name, replica) };
}

export function seeded(seed: number): SequentialRandom {
  return new SequentialRandom(RandomStream.derive(seed, 'data'));
}

/** A source that records every draw, so a test can replay them into an independent computation. */
export function recording(seed: number): DataRandom & { draws: Array<['u' | 'n', number]> } {
  const s = seeded(seed);
  const draws: Array<['u' | 'n', number]> = [];
  return {
    draws,
    uniform() {
      const v = s.uniform();
      draws.push(['u', v]);
      return v;
    },
    normal() {
      const v = s.normal();
      draws.push(['n', v]);
      return v;
    },
  };
}

/**
 * Ajv configured like @driftlab/core's config validation (draft 2020-12, strict, defaults filled), loaded
 * from core's own dependency (the ajv that will validate these schemas in a run).
 */
export function makeAjv(): Ajv2020 {
  const coreDir = path.dirname(require.resolve('@driftlab/core/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(require.resolve('ajv/dist/2020', { paths: [coreDir] }));
  const Ctor: typeof Ajv2020 = mod.default ?? mod;
  return new Ctor({ allErrors: true, useDefaults: true, strict: true, allowUnionTypes: true });
}

export function bitwiseEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export function range(a: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of a) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
