// Householder reduction of a dense symmetric matrix to tridiagonal form, T = QᵀAQ (Golub & Van Loan Alg. 8.3.1).
// Storage: row-major n×n, only the upper triangle (j ≥ i) is read and it is destroyed. Row k is reduced at step k,
// so every inner loop runs over contiguous memory. Float64 only.
//
// Speed: the rank-2 update of step k and the matrix-vector product of step k+1 are fused into one pass over the
// trailing matrix (row k+1 is updated first so the next reflector is known), which halves memory traffic: this
// pass is where all O(n³) time goes.

import { wasmWorkspace } from './wasm-fused-pass';

/** Below this size the TypeScript pass is about as fast (the per-unit residual blocks are ≤ fanIn + 1 + D). */
const WASM_MIN_N = 64;

/** Reflector for x = a[off..off+len): returns τ, writes v (v[0] = 1) into v[0..len) and β into out[0]. */
function reflector(a: Float64Array, off: number, len: number, v: Float64Array, out: Float64Array): number {
  const alpha = a[off];
  let ss = 0;
  for (let j = 1; j < len; j++) ss += a[off + j] * a[off + j];
  v[0] = 1;
  if (ss === 0) {
    for (let j = 1; j < len; j++) v[j] = 0;
    out[0] = alpha;
    return 0;
  }
  const norm = Math.sqrt(alpha * alpha + ss);
  const beta = alpha >= 0 ? -norm : norm;
  const scale = 1 / (alpha - beta);
  for (let j = 1; j < len; j++) v[j] = a[off + j] * scale;
  out[0] = beta;
  return (beta - alpha) / beta;
}

/**
 * Reduces the symmetric matrix in input (upper triangle used) to tridiagonal form: d gets the diagonal, e[i] the
 * coupling of rows i and i+1. input may be overwritten. When vectors is true, returns Qᵀ as a row-major n×n matrix (for
 * eigenvectors, see tridiagonalEigen); otherwise returns null.
 */
export function tridiagonalize(
  input: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  vectors = false,
  kernel: 'auto' | 'js' = 'auto',
): Float64Array | null {
  const qt = vectors ? identity(n) : null;
  if (n <= 2) {
    d[0] = input[0];
    e[0] = n === 2 ? input[1] : 0;
    if (n === 2) {
      d[1] = input[3];
      e[1] = 0;
    }
    return qt;
  }
  // v, p, w are indexed globally (entry i refers to row/column i); step k uses entries k+1..n-1.
  // Large matrices: the O(n³) pass runs in WebAssembly SIMD (≈ 2–3.5× faster in V8), on a copy of the matrix
  // and the work vectors in the kernel's own memory (input is then left as it was). kernel 'js' forces TypeScript.
  const wasm = kernel === 'auto' && n >= WASM_MIN_N ? wasmWorkspace(8 * (n * n + 4 * n)) : null;
  const buf = wasm ? wasm.memory.buffer : null;
  if (buf) new Float64Array(buf, 0, n * n).set(input.subarray(0, n * n));
  const work = (i: number) => (buf ? new Float64Array(buf, 8 * (n * n + i * n), n) : new Float64Array(n));
  const v = work(0);
  const p = work(1);
  const w = work(2);
  const vLocal = work(3);
  const scratch = new Float64Array(n);
  const beta = new Float64Array(1);
  const a = buf ? new Float64Array(buf, 0, n * n) : input;
  // Step 0's reflector and product p = A'v (unfused).
  let tau = prepareReflector(a, n, 0, v, scratch, beta, d, e);
  symv(a, n, 1, v, p);
  for (let k = 0; k < n - 2; k++) {
    const s = k + 1; // first row of the trailing matrix
    // w = τp − (τ²/2)(pᵀv)v
    let pv = 0;
    for (let i = s; i < n; i++) pv += p[i] * v[i];
    const kk = -0.5 * tau * tau * pv;
    for (let i = s; i < n; i++) w[i] = tau * p[i] + kk * v[i];
    if (qt && tau !== 0) applyReflectorRows(qt, n, s, v, tau);
    // Update row s of the trailing matrix, then the next reflector (acting on row s) is known.
    const vs = v[s];
    const ws = w[s];
    const rs = s * n;
    for (let j = s; j < n; j++) a[rs + j] -= vs * w[j] + ws * v[j];
    if (k === n - 3) {
      d[s] = a[rs + s];
      e[s] = a[rs + s + 1];
      const r2 = (s + 1) * n + s + 1;
      a[r2] -= v[s + 1] * w[s + 1] * 2;
      d[s + 1] = a[r2];
      e[s + 1] = 0;
      break;
    }
    const tauNext = prepareReflector(a, n, s, vLocal, scratch, beta, d, e);
    // Fused pass over rows s+1..n-1: rank-2 update with (v, w), then accumulate p' = A''·v' (v' lives in vLocal,
    // indexed globally from s+1).
    for (let i = s + 1; i < n; i++) p[i] = 0;
    if (wasm) wasm.fusedPass(0, n, s + 1, v.byteOffset, w.byteOffset, vLocal.byteOffset, p.byteOffset);
    else fusedPass(a, n, s + 1, v, w, vLocal, p);
    for (let i = s + 1; i < n; i++) v[i] = vLocal[i];
    v[s] = 0;
    tau = tauNext;
  }
  return qt;
}

/**
 * Rows from..n-1 of the upper triangle: a ← a − v·wᵀ − w·vᵀ, and p += a_new·u (symmetric product). Two rows per
 * sweep, so each loaded w[j], v[j], u[j] and each update of p[j] serves both (≈1.7× faster in V8 than one row).
 */
function fusedPass(a: Float64Array, n: number, from: number, v: Float64Array, w: Float64Array, u: Float64Array, p: Float64Array): void {
  let i = from;
  for (; i + 1 < n; i += 2) {
    const r0 = i * n;
    const r1 = r0 + n;
    const v0 = v[i];
    const w0 = w[i];
    const u0 = u[i];
    const v1 = v[i + 1];
    const w1 = w[i + 1];
    const u1 = u[i + 1];
    const a00 = a[r0 + i] - 2 * v0 * w0;
    const a01 = a[r0 + i + 1] - v0 * w1 - w0 * v1;
    const a11 = a[r1 + i + 1] - 2 * v1 * w1;
    a[r0 + i] = a00;
    a[r0 + i + 1] = a01;
    a[r1 + i + 1] = a11;
    let acc0 = a00 * u0 + a01 * u1;
    let acc1 = a01 * u0 + a11 * u1;
    for (let j = i + 2; j < n; j++) {
      const wj = w[j];
      const vj = v[j];
      const uj = u[j];
      const x0 = a[r0 + j] - v0 * wj - w0 * vj;
      const x1 = a[r1 + j] - v1 * wj - w1 * vj;
      a[r0 + j] = x0;
      a[r1 + j] = x1;
      acc0 += x0 * uj;
      acc1 += x1 * uj;
      p[j] += x0 * u0 + x1 * u1;
    }
    p[i] += acc0;
    p[i + 1] += acc1;
  }
  if (i < n) {
    const r = i * n + i;
    a[r] -= 2 * v[i] * w[i];
    p[i] += a[r] * u[i];
  }
}

/** Reflector for row k (entries k+1..n-1); writes d[k], e[k]; v gets the vector at global indices k+1..n-1. */
function prepareReflector(
  a: Float64Array,
  n: number,
  k: number,
  v: Float64Array,
  scratch: Float64Array,
  beta: Float64Array,
  d: Float64Array,
  e: Float64Array,
): number {
  const len = n - k - 1;
  const tau = reflector(a, k * n + k + 1, len, scratch, beta);
  for (let j = 0; j < len; j++) v[k + 1 + j] = scratch[j];
  d[k] = a[k * n + k];
  e[k] = beta[0];
  return tau;
}

/** p[s..n) = A[s..n, s..n)·v (upper triangle of A). */
function symv(a: Float64Array, n: number, s: number, v: Float64Array, p: Float64Array): void {
  for (let i = s; i < n; i++) p[i] = 0;
  for (let i = s; i < n; i++) {
    const ri = i * n;
    const vi = v[i];
    let acc = a[ri + i] * vi;
    for (let j = i + 1; j < n; j++) {
      const aij = a[ri + j];
      acc += aij * v[j];
      p[j] += aij * vi;
    }
    p[i] += acc;
  }
}

/** M ← H·M for H = I − τvvᵀ acting on rows s..n-1 of the row-major n×n matrix M. */
function applyReflectorRows(m: Float64Array, n: number, s: number, v: Float64Array, tau: number): void {
  const t = new Float64Array(n);
  for (let i = s; i < n; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const ri = i * n;
    for (let c = 0; c < n; c++) t[c] += vi * m[ri + c];
  }
  for (let i = s; i < n; i++) {
    const f = tau * v[i];
    if (f === 0) continue;
    const ri = i * n;
    for (let c = 0; c < n; c++) m[ri + c] -= f * t[c];
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}
