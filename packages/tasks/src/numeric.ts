// Small numeric helpers that copy NumPy/SciPy semantics exactly, so the tasks follow DriftReg's
// make_data.py step for step (same floating-point operations in the same order).

/** Python/NumPy float modulo: the result has the sign of the divisor (fmod, then shift into range). */
export function pyMod(x: number, m: number): number {
  let r = x % m; // JS % is C fmod
  if (r !== 0 && r < 0 !== m < 0) r += m;
  return r;
}

/** np.linspace(start, stop, num) with endpoint: y[i] = i·step + start and y[num−1] = stop exactly. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  if (num === 1) {
    out[0] = start;
    return out;
  }
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  out[num - 1] = stop;
  return out;
}

/**
 * np.interp(x, xp, fp) for integer-spaced xp = first, first+1, …: values outside the range clamp to the
 * end values; inside, slope·(x − xp[j]) + fp[j] with xp[j] ≤ x < xp[j+1].
 */
export function interpUnitGrid(x: number, first: number, fp: Float64Array): number {
  const last = fp.length - 1;
  const u = x - first;
  if (!(u > 0)) return u === 0 || u < 0 ? fp[0] : NaN;
  if (u >= last) return fp[last];
  const j = Math.floor(u);
  const xj = first + j;
  const slope = fp[j + 1] - fp[j];
  return slope * (x - xj) + fp[j];
}

/**
 * scipy.interpolate.interp1d(arange(len), f, kind='linear') at x (within [0, len−1]): the segment is
 * chosen with searchsorted(side='left') clipped to [1, len−1], so x exactly on a knot k > 0 uses [k−1, k].
 */
export function interp1dLinear(x: number, f: Float64Array): number {
  const hi = Math.min(f.length - 1, Math.max(1, Math.ceil(x)));
  const lo = hi - 1;
  const slope = (f[hi] - f[lo]) / 1;
  return slope * (x - lo) + f[lo];
}

/** Positive integer check for generator arguments (schemas enforce this too; generators are public). */
export function assertPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${v}`);
}

export function assertPositive(name: string, v: number): void {
  if (!(v > 0) || !Number.isFinite(v)) throw new Error(`${name} must be a positive number, got ${v}`);
}

/**
 * NumPy's pairwise summation of a contiguous float64 array (np.sum): blocks of ≤ 128 summed with eight
 * running partial sums, larger arrays split in two at a multiple of 8. Same rounding as np.sum.
 */
export function pairwiseSum(a: Float64Array, start = 0, n = a.length - start): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= 128) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3], a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.trunc(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}
