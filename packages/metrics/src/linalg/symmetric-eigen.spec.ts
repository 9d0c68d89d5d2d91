import { RandomStream } from '@driftlab/core';
import { randomSymmetric as randomSymmetricFrom } from './__fixtures__/random-symmetric';
import { jacobiEigenvalues } from './jacobi';
import { symmetricEigen, symmetricEigenvalues } from './symmetric-eigen';

const randomSymmetric = (n: number, seed: number) => randomSymmetricFrom(n, seed, 'sym');

/** A = Σ_t g_t g_tᵀ for `rank` random vectors: PSD with an exact null space of dimension n − rank. */
function lowRank(n: number, rank: number, seed: number): Float64Array {
  const s = RandomStream.derive(seed, 'lowrank');
  const g = new Float64Array(rank * n);
  s.fillNormal(g, 0);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let t = 0; t < rank; t++) acc += g[t * n + i] * g[t * n + j];
      a[i * n + j] = acc;
    }
  return a;
}

describe('symmetricEigenvalues', () => {
  it('solves hand examples: 1×1, 2×2 closed form, diagonal', () => {
    expect(Array.from(symmetricEigenvalues(Float64Array.of(3), 1))).toEqual([3]);
    // [[2, 1], [1, 2]] → 1, 3
    const two = symmetricEigenvalues(Float64Array.of(2, 1, 1, 2), 2);
    expect(two[0]).toBeCloseTo(1, 14);
    expect(two[1]).toBeCloseTo(3, 14);
    const diag = new Float64Array(16);
    [4, -1, 7, 0].forEach((x, i) => (diag[i * 5] = x));
    expect(Array.from(symmetricEigenvalues(diag, 4))).toEqual([-1, 0, 4, 7]);
  });

  it('matches the closed form of the second-difference matrix: 2 − 2cos(kπ/(n+1))', () => {
    const n = 40;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2;
      if (i + 1 < n) a[i * n + i + 1] = a[(i + 1) * n + i] = -1;
    }
    const ev = symmetricEigenvalues(a, n);
    for (let k = 1; k <= n; k++) expect(ev[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
  });

  it('agrees with cyclic Jacobi on random matrices of several sizes', () => {
    for (const n of [3, 4, 9, 33]) {
      const a = randomSymmetric(n, n);
      const h = symmetricEigenvalues(a, n);
      const j = jacobiEigenvalues(a, n);
      for (let i = 0; i < n; i++) expect(Math.abs(h[i] - j[i])).toBeLessThan(1e-12 * Math.max(1, Math.abs(j[n - 1])));
    }
  });

  it('converges on matrices with a large exact null space (Hessian-like)', () => {
    const n = 120;
    const a = lowRank(n, 7, 3);
    const ev = symmetricEigenvalues(a, n);
    const top = ev[n - 1];
    const nonzero = Array.from(ev).filter((x) => Math.abs(x) > 1e-10 * top).length;
    expect(nonzero).toBe(7);
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    expect(ev.reduce((s, x) => s + x, 0)).toBeCloseTo(trace, 9);
  });

  it('reads only the upper triangle', () => {
    const a = randomSymmetric(6, 1);
    const upper = a.slice();
    for (let i = 0; i < 6; i++) for (let j = 0; j < i; j++) upper[i * 6 + j] = 99;
    expect(Array.from(symmetricEigenvalues(upper, 6))).toEqual(Array.from(symmetricEigenvalues(a, 6)));
  });
});

describe('symmetricEigen', () => {
  it('returns orthonormal eigenvectors with A·x = λ·x', () => {
    const n = 17;
    const a = randomSymmetric(n, 5);
    const { values, vectors } = symmetricEigen(a, n);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[k * n + j];
        expect(Math.abs(s - values[k] * vectors[k * n + i])).toBeLessThan(1e-12);
      }
      for (let k2 = 0; k2 < n; k2++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += vectors[k * n + i] * vectors[k2 * n + i];
        expect(Math.abs(d - (k === k2 ? 1 : 0))).toBeLessThan(1e-13);
      }
    }
  });

  it('handles 1×1 and 2×2', () => {
    expect(Array.from(symmetricEigen(Float64Array.of(5), 1).vectors)).toEqual([1]);
    const { values, vectors } = symmetricEigen(Float64Array.of(0, 1, 1, 0), 2);
    expect(values[0]).toBeCloseTo(-1, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(vectors[2] * vectors[3] - 0.5)).toBeLessThan(1e-14); // (1, 1)/√2 for λ = 1
  });
});
