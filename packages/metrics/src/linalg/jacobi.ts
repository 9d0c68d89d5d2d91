// Cyclic Jacobi eigenvalue method (Golub & Van Loan §8.5): slow (O(n³) per sweep) but simple and independent of
// the Householder/QL path, so tests use it as a second opinion on small matrices. Float64 only.

/** Eigenvalues (ascending) of the symmetric n×n row-major matrix a (full matrix read; a is copied). */
export function jacobiEigenvalues(a: Float64Array, n: number, maxSweeps = 100): Float64Array {
  const m = a.slice(0, n * n);
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const x = m[i * n + j] * m[i * n + j];
        total += x;
        if (i !== j) off += x;
      }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p];
          const akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k];
          const aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
      }
  }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = m[i * n + i];
  return d.sort();
}
