// Householder QR of a tall matrix, keeping only R (Golub & Van Loan Alg. 5.2.1). Used to compress a set of
// vectors Y (columns) into a square factor with the same Gram matrix: Yᵀ = QR ⇒ Y·Yᵀ = RᵀR. Float64 only.

/**
 * R factor (cols × cols, row-major, upper triangular) of the row-major rows × cols matrix a (rows ≥ cols).
 * a is destroyed.
 */
export function qrR(a: Float64Array, rows: number, cols: number): Float64Array {
  if (rows < cols) throw new Error('qrR: needs rows ≥ cols');
  const v = new Float64Array(rows);
  const t = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    let ss = 0;
    for (let i = k; i < rows; i++) ss += a[i * cols + k] * a[i * cols + k];
    const alpha = a[k * cols + k];
    if (ss === alpha * alpha) continue; // column already zero below the diagonal
    const norm = Math.sqrt(ss);
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    v[k] = 1;
    for (let i = k + 1; i < rows; i++) v[i] = a[i * cols + k] * scale;
    // a[k.., k+1..] ← (I − τvvᵀ)·a[k.., k+1..]
    t.fill(0, k + 1);
    for (let i = k; i < rows; i++) {
      const vi = v[i];
      const ri = i * cols;
      for (let c = k + 1; c < cols; c++) t[c] += vi * a[ri + c];
    }
    for (let i = k; i < rows; i++) {
      const f = tau * v[i];
      const ri = i * cols;
      for (let c = k + 1; c < cols; c++) a[ri + c] -= f * t[c];
    }
    a[k * cols + k] = beta;
  }
  const r = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) for (let c = i; c < cols; c++) r[i * cols + c] = a[i * cols + c];
  return r;
}
