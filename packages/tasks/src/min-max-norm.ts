// DriftReg's min_max_norm, operation for operation:
//   x -= x.min() + 1e-5;  x /= x.max() + 1e-5;  return (x - 0.5) * 2
// The first two steps modify the argument in place (the code relies on that side effect by accident in
// the ring task, where X and y are views of one array), the last step returns a new array.

/**
 * 'symmetric': the current code, values in about [−1, 1).
 * 'unit': the same without the final (x − 0.5)·2, values in about [0, 1); the Fig. 2 data shipped with
 * the repository (outputs/predictive_track_up/data.pkl) is in this range, so an older min_max_norm made it.
 */
export type Normalization = 'symmetric' | 'unit';

export const NORMALIZATIONS: readonly Normalization[] = ['symmetric', 'unit'];

const EPS = 1e-5;

/** The in-place part: x −= min + 1e−5, then x /= max + 1e−5 (max taken after the shift). */
export function minMaxShiftScaleInPlace(x: Float64Array): void {
  if (x.length === 0) return;
  let min = Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] < min) min = x[i];
  const shift = min + EPS;
  for (let i = 0; i < x.length; i++) x[i] -= shift;
  let max = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i] > max) max = x[i];
  const scale = max + EPS;
  for (let i = 0; i < x.length; i++) x[i] /= scale;
}

/**
 * min_max_norm(x): shifts and scales `x` in place (as the code does) and returns a new array,
 * (x − 0.5)·2 for 'symmetric' or a copy for 'unit'.
 */
export function minMaxNorm(x: Float64Array, normalization: Normalization = 'symmetric'): Float64Array {
  minMaxShiftScaleInPlace(x);
  const out = new Float64Array(x.length);
  if (normalization === 'unit') out.set(x);
  else for (let i = 0; i < x.length; i++) out[i] = (x[i] - 0.5) * 2;
  return out;
}

/** Normalise the columns [c0, c1) of a row-major rows × cols array as one block (min/max over the block). */
export function minMaxNormColumns(
  a: Float64Array,
  rows: number,
  cols: number,
  c0: number,
  c1: number,
  normalization: Normalization,
): void {
  const w = c1 - c0;
  const block = new Float64Array(rows * w);
  for (let r = 0; r < rows; r++) for (let c = 0; c < w; c++) block[r * w + c] = a[r * cols + c0 + c];
  const normed = minMaxNorm(block, normalization);
  for (let r = 0; r < rows; r++) for (let c = 0; c < w; c++) a[r * cols + c0 + c] = normed[r * w + c];
}
