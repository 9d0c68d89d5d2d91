import { RandomStream } from '@driftlab/core';

/** A dense symmetric n × n matrix of N(0, 1) entries (upper triangle drawn, mirrored) from stream (seed, name). */
export function randomSymmetric(n: number, seed: number, name: string): Float64Array {
  const s = RandomStream.derive(seed, name);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const x = s.normal(0, i * n + j);
      a[i * n + j] = x;
      a[j * n + i] = x;
    }
  return a;
}
