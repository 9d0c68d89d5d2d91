import { lanczosLargest, type MatVec } from './lanczos';

function diagonal(values: number[]): MatVec {
  return (v, out) => {
    for (let i = 0; i < values.length; i++) out[i] = values[i] * v[i];
  };
}

describe('lanczosLargest', () => {
  it('finds the largest eigenvalues of a diagonal operator to the requested accuracy', () => {
    const values = Array.from({ length: 300 }, (_, i) => Math.sin(i * 0.37) * 5 + i * 0.01);
    const sorted = [...values].sort((a, b) => b - a);
    const r = lanczosLargest(diagonal(values), values.length, 5, { tol: 1e-11 });
    expect(r.converged).toBe(true);
    for (let i = 0; i < 5; i++) expect(Math.abs(r.values[i] - sorted[i])).toBeLessThan(1e-9);
    for (const res of r.residuals) expect(res).toBeLessThan(1e-11 * 10);
  });

  it('finds every copy of a repeated eigenvalue (breakdown and restart)', () => {
    const r = lanczosLargest(diagonal([5, 5, 1, 5, 0, 0]), 6, 4);
    expect(Array.from(r.values)).toEqual([5, 5, 5, 1].map((x) => expect.closeTo(x, 12)));
  });

  it('reports zeros beyond the rank of a low-rank operator', () => {
    // A = u uᵀ·3 + w wᵀ·2 with orthonormal u, w in R^50
    const n = 50;
    const u = new Float64Array(n).fill(1 / Math.sqrt(n));
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = (i % 2 ? 1 : -1) / Math.sqrt(n);
    const op: MatVec = (v, out) => {
      let a = 0;
      let b = 0;
      for (let i = 0; i < n; i++) {
        a += u[i] * v[i];
        b += w[i] * v[i];
      }
      for (let i = 0; i < n; i++) out[i] = 3 * a * u[i] + 2 * b * w[i];
    };
    const r = lanczosLargest(op, n, 4);
    expect(r.values[0]).toBeCloseTo(3, 12);
    expect(r.values[1]).toBeCloseTo(2, 12);
    expect(Math.abs(r.values[2])).toBeLessThan(1e-12);
    expect(Math.abs(r.values[3])).toBeLessThan(1e-12);
  });

  it('is deterministic', () => {
    const values = Array.from({ length: 80 }, (_, i) => Math.cos(i));
    const a = lanczosLargest(diagonal(values), 80, 3);
    const b = lanczosLargest(diagonal(values), 80, 3);
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
  });
});
