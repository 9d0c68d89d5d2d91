import { RandomStream } from '@driftlab/core';
import { randomSymmetric as randomSymmetricFrom } from './__fixtures__/random-symmetric';
import { tridiagonalize } from './householder-tridiagonal';
import { jacobiEigenvalues } from './jacobi';
import { symmetricEigen } from './symmetric-eigen';
import { tridiagonalEigen } from './tridiagonal-eigen';
import { wasmKernelAvailable } from './wasm-fused-pass';

const randomSymmetric = (n: number, seed: number) => randomSymmetricFrom(n, seed, 'tridiagonal');

function eigenvaluesWith(a: Float64Array, n: number, kernel: 'auto' | 'js'): { d: Float64Array; e: Float64Array; ev: Float64Array } {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  tridiagonalize(a.slice(), n, d, e, false, kernel);
  const ev = d.slice();
  tridiagonalEigen(ev, e.slice(), n);
  return { d, e, ev };
}

describe('tridiagonalize: WebAssembly SIMD pass vs TypeScript pass', () => {
  it('has the SIMD kernel in Node', () => {
    expect(wasmKernelAvailable()).toBe(true);
  });

  it('gives the same tridiagonal and eigenvalues on even and odd sizes (tails of the 2-wide loops)', () => {
    for (const n of [64, 65, 130, 201]) {
      const a = randomSymmetric(n, n);
      const w = eigenvaluesWith(a, n, 'auto');
      const j = eigenvaluesWith(a, n, 'js');
      const scale = Math.max(Math.abs(j.ev[0]), Math.abs(j.ev[n - 1]));
      for (let i = 0; i < n; i++) {
        expect(Math.abs(w.d[i] - j.d[i])).toBeLessThan(1e-12 * scale);
        expect(Math.abs(Math.abs(w.e[i]) - Math.abs(j.e[i]))).toBeLessThan(1e-12 * scale);
        expect(Math.abs(w.ev[i] - j.ev[i])).toBeLessThan(1e-12 * scale);
      }
    }
  });

  it('agrees with cyclic Jacobi on a Hessian-like PSD matrix with a large null space', () => {
    const n = 96;
    const rank = 11;
    const g = new Float64Array(rank * n);
    RandomStream.derive(4, 'tridiagonal-lowrank').fillNormal(g, 0);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        let s = 0;
        for (let t = 0; t < rank; t++) s += g[t * n + i] * g[t * n + k];
        a[i * n + k] = s;
      }
    const { ev } = eigenvaluesWith(a, n, 'auto');
    const ref = jacobiEigenvalues(a, n);
    for (let i = 0; i < n; i++) expect(Math.abs(ev[i] - ref[i])).toBeLessThan(1e-11 * ref[n - 1]);
    expect(Array.from(ev).filter((x) => x > 1e-10 * ev[n - 1]).length).toBe(rank);
  });

  it('also serves eigenvectors (Qᵀ accumulated in TypeScript): A·x = λ·x at n = 70', () => {
    const n = 70;
    const a = randomSymmetric(n, 7);
    const { values, vectors } = symmetricEigen(a, n);
    let worst = 0;
    for (let k = 0; k < n; k++)
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[k * n + j];
        worst = Math.max(worst, Math.abs(s - values[k] * vectors[k * n + i]));
      }
    expect(worst).toBeLessThan(1e-12);
  });
});
