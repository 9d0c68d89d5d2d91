// Loss-derived summaries (paper §4.6): the variance-normalised loss and when a run has converged.

/**
 * MSE / unbiased variance of all entries of y (torch `y.var()`): 1 for predicting the mean, 0 for perfect.
 * The paper logs log10 of this. NaN with fewer than two entries.
 */
export function normalizedLoss(mse: number, y: ArrayLike<number>): number {
  const n = y.length;
  if (n < 2) return NaN;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (y[i] - mean) * (y[i] - mean);
  return mse / (ss / (n - 1));
}

export interface ConvergenceOptions {
  /** Converged once loss ≤ factor × plateau (default 2). */
  factor?: number;
  /** The plateau is the median loss over this last fraction of evaluations (default 0.25, at least one). */
  tailFraction?: number;
}

export interface Convergence {
  /** First evaluated step with loss ≤ factor × plateau; null when none (non-finite plateau). */
  step: number | null;
  /** Its index in the series (−1 when none). */
  index: number;
  /** Median of the finite losses of the last ceil(tailFraction · n) evaluations. */
  plateau: number;
}

/**
 * When the loss reached its plateau (phase 1 → phase 2). `loss` must be on a linear, non-negative scale
 * (MSE or MSE / var y, not its log). Non-finite losses never count as converged.
 */
export function convergedAtStep(
  steps: ArrayLike<number>,
  loss: ArrayLike<number>,
  options: ConvergenceOptions = {},
): Convergence {
  const factor = options.factor ?? 2;
  const tailFraction = options.tailFraction ?? 0.25;
  const n = loss.length;
  if (steps.length !== n) throw new Error(`convergedAtStep: ${steps.length} steps for ${n} losses`);
  const tail = Math.min(n, Math.max(1, Math.ceil(tailFraction * n)));
  const values: number[] = [];
  for (let i = n - tail; i < n; i++) if (Number.isFinite(loss[i])) values.push(loss[i]);
  const plateau = median(values);
  if (!Number.isFinite(plateau)) return { step: null, index: -1, plateau };
  const limit = factor * plateau;
  for (let i = 0; i < n; i++) if (loss[i] <= limit) return { step: steps[i], index: i, plateau };
  return { step: null, index: -1, plateau };
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
