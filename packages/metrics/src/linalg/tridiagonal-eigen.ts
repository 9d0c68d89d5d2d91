// Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by the implicit QL method with
// Wilkinson-type shifts (EISPACK tql1/tql2, Golub & Van Loan §8.3). Float64 only.
// Convention: d[i] is the diagonal, e[i] couples rows i and i+1 (e[n-1] is ignored and overwritten).

const EPS = 2.220446049250313e-16;
const MAX_SWEEPS = 60;

/**
 * Overwrites d with the eigenvalues (ascending) and destroys e. When zt (n×n, row-major) is given, its rows are
 * rotated along: start with zt = Qᵀ (rows of Qᵀ, Q the transform that produced the tridiagonal T = QᵀAQ, or the
 * identity) and on return row k of zt is the unit eigenvector of eigenvalue d[k].
 */
export function tridiagonalEigen(d: Float64Array, e: Float64Array, n: number, zt?: Float64Array): void {
  if (n === 0) return;
  e[n - 1] = 0;
  // Off-diagonals below EPS·‖T‖ are dropped too: without this, long runs of tiny entries around a large
  // null space (Hessians have thousands of zero eigenvalues) never meet the relative test. The error this
  // allows, EPS·‖T‖, is what the Householder reduction already commits.
  let anorm = 0;
  for (let i = 0; i < n; i++) anorm = Math.max(anorm, Math.abs(d[i]) + Math.abs(e[i]) + (i > 0 ? Math.abs(e[i - 1]) : 0));
  const small = EPS * anorm;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= EPS * dd || Math.abs(e[m]) <= small) break;
      }
      if (m === l) break;
      if (++iter > MAX_SWEEPS) throw new Error('tridiagonalEigen: QL did not converge');
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = pythag(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      let i = m - 1;
      let underflow = false;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = pythag(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1] -= p;
          e[m] = 0;
          underflow = true;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (zt) rotateRows(zt, n, i, c, s);
      }
      if (underflow) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  sortAscending(d, n, zt);
}

/** √(a² + b²): Math.hypot is several times slower in V8, so it is only the fallback near over/underflow. */
function pythag(a: number, b: number): number {
  const s = a * a + b * b;
  return s > 1e-290 && s < 1e290 ? Math.sqrt(s) : Math.hypot(a, b);
}

/** rows i and i+1 of zt: (zi, zi1) ← (c·zi − s·zi1, s·zi + c·zi1). */
function rotateRows(zt: Float64Array, n: number, i: number, c: number, s: number): void {
  const a = i * n;
  const b = a + n;
  for (let k = 0; k < n; k++) {
    const f = zt[b + k];
    const z = zt[a + k];
    zt[b + k] = s * z + c * f;
    zt[a + k] = c * z - s * f;
  }
}

function sortAscending(d: Float64Array, n: number, zt?: Float64Array): void {
  if (!zt) {
    d.subarray(0, n).sort();
    return;
  }
  // Selection sort keeps rows of zt paired with their values (n is small whenever vectors are wanted).
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    for (let j = i + 1; j < n; j++) if (d[j] < d[k]) k = j;
    if (k === i) continue;
    const t = d[i];
    d[i] = d[k];
    d[k] = t;
    for (let c = 0; c < n; c++) {
      const u = zt[i * n + c];
      zt[i * n + c] = zt[k * n + c];
      zt[k * n + c] = u;
    }
  }
}
