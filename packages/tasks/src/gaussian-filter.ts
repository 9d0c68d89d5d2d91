// scipy.ndimage-compatible Gaussian smoothing (order 0): gaussian_filter1d and the separable
// gaussian_filter, with the boundary modes DriftReg relies on. Same kernel as scipy:
// radius = int(truncate·sigma + 0.5), weights exp(−x²/(2σ²)) normalised to sum 1, and the symmetric
// correlation scipy uses: out[i] = w0·x[i] + Σ_{j=r..1} w_j·(x[i−j] + x[i+j]).

import { pairwiseSum } from './numeric';

/** 'reflect': d c b a | a b c d | d c b a (half-sample symmetric, scipy's default). 'wrap': periodic. */
export type FilterMode = 'reflect' | 'wrap';

/** Default truncation of scipy.ndimage.gaussian_filter(1d). */
export const GAUSSIAN_TRUNCATE = 4.0;

/** Kernel radius rule of scipy: int(truncate·sigma + 0.5). */
export function gaussianRadius(sigma: number, truncate = GAUSSIAN_TRUNCATE): number {
  return Math.trunc(truncate * sigma + 0.5);
}

/** The normalised half kernel w[0..radius] (the kernel is symmetric). */
export function gaussianKernel1d(sigma: number, radius: number): Float64Array {
  if (!(sigma > 0)) throw new Error(`gaussian sigma must be positive, got ${sigma}`);
  const sigma2 = sigma * sigma;
  const full = new Float64Array(2 * radius + 1);
  for (let x = -radius; x <= radius; x++) full[x + radius] = Math.exp((-0.5 / sigma2) * (x * x));
  // np.sum's pairwise order, so the normalised weights round like scipy's.
  const sum = pairwiseSum(full);
  const half = new Float64Array(radius + 1);
  for (let x = 0; x <= radius; x++) half[x] = full[x + radius] / sum;
  return half;
}

/** Index into a line of length n after extending it by `mode` (works for any distance past the edge). */
export function extendIndex(i: number, n: number, mode: FilterMode): number {
  if (mode === 'wrap') return ((i % n) + n) % n;
  const p = 2 * n;
  const j = ((i % p) + p) % p;
  return j < n ? j : p - 1 - j;
}

/**
 * Smooth `count` lines of length `n` stored in `src` at offsets base + k·stride (k = 0..n−1), writing
 * the same positions of `dst`. `bases` lists each line's first element.
 */
function filterLines(
  src: Float64Array,
  dst: Float64Array,
  bases: number[],
  n: number,
  stride: number,
  w: Float64Array,
  mode: FilterMode,
): void {
  const r = w.length - 1;
  const ext = new Float64Array(n + 2 * r);
  for (const base of bases) {
    for (let k = -r; k < n + r; k++) ext[k + r] = src[base + extendIndex(k, n, mode) * stride];
    for (let i = 0; i < n; i++) {
      const c = i + r;
      let acc = ext[c] * w[0];
      for (let j = r; j >= 1; j--) acc += (ext[c - j] + ext[c + j]) * w[j];
      dst[base + i * stride] = acc;
    }
  }
}

/** scipy.ndimage.gaussian_filter1d(x, sigma, mode=mode, truncate=truncate) for a 1-D float64 array. */
export function gaussianFilter1d(
  x: Float64Array,
  sigma: number,
  mode: FilterMode = 'reflect',
  truncate = GAUSSIAN_TRUNCATE,
): Float64Array {
  const w = gaussianKernel1d(sigma, gaussianRadius(sigma, truncate));
  const out = new Float64Array(x.length);
  if (x.length > 0) filterLines(x, out, [0], x.length, 1, w, mode);
  return out;
}

/**
 * scipy.ndimage.gaussian_filter on a row-major rows × cols array: a 1-D pass along axis 0, then along
 * axis 1; an axis whose sigma is ≤ 1e−15 is skipped, as in scipy.
 */
export function gaussianFilter2d(
  x: Float64Array,
  rows: number,
  cols: number,
  sigmas: [number, number],
  mode: FilterMode = 'reflect',
  truncate = GAUSSIAN_TRUNCATE,
): Float64Array {
  if (x.length !== rows * cols) throw new Error(`expected ${rows}×${cols} values, got ${x.length}`);
  let cur = Float64Array.from(x);
  if (sigmas[0] > 1e-15 && rows > 0) {
    const w = gaussianKernel1d(sigmas[0], gaussianRadius(sigmas[0], truncate));
    const next = new Float64Array(cur.length);
    filterLines(cur, next, Array.from({ length: cols }, (_, c) => c), rows, cols, w, mode);
    cur = next;
  }
  if (sigmas[1] > 1e-15 && cols > 0) {
    const w = gaussianKernel1d(sigmas[1], gaussianRadius(sigmas[1], truncate));
    const next = new Float64Array(cur.length);
    filterLines(cur, next, Array.from({ length: rows }, (_, r) => r * cols), cols, 1, w, mode);
    cur = next;
  }
  return cur;
}
