// Test helpers: a plugin context like the run's and scripted random sources.
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
