// Fresh random nets and batches for the wasm-vs-reference tests (drawn from RandomStream, never Math.random).
import { type MlpSpec, RandomStream } from '@driftlab/core';
import { paramCount } from '../workspace';

export function randomArray(seed: number, name: string, n: number, std = 1): Float64Array {
  const a = new Float64Array(n);
  RandomStream.derive(seed, name).fillNormal(a, 0, std);
  return a;
}

export function randomProblem(spec: MlpSpec, n: number, seed: number) {
  const P = paramCount(spec);
  const H = spec.hidden[0];
  const params = randomArray(seed, 'params', P, 1 / Math.sqrt(Math.max(spec.inputDim, H)));
  const x = randomArray(seed, 'x', n * spec.inputDim);
  const y = randomArray(seed, 'y', n * spec.outputDim);
  return { params, batch: { x, y, n } };
}

/** max |a − b| / max(max |b|, tiny): one relative error for a whole vector. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 1e-300;
  for (let i = 0; i < b.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return num / den;
}
