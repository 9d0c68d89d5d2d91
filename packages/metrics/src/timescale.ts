// Sparsification timescale (paper §4.5). sparsificationTimescale reproduces the reference `utils.get_tau`
// exactly, bias included; fitExponentialDecay is an unbiased least-squares fit to compare against.

export interface SparsificationTimescale {
  /** The reference's slope b of log(shifted y) vs step: a negative rate in 1/steps. */
  rate: number;
  /** log10|b|: the paper's plotted "log(τ)" (really the log of a rate: larger = faster). */
  logRate: number;
  /** 1/|b| in steps. */
  tau: number;
  /** Points used by the fit (the curve before it reaches 90 % of its drop). */
  nPoints: number;
}

/**
 * utils.get_tau(x, y):
 *   end_val = max − 0.9·(max − min); end = argmin|y − end_val| (first on ties); keep y[:end], x[:end];
 *   y −= min(y) − 1e-10; b = slope of polyfit(x, log y, 1, w = sqrt(flip(x / max x))).
 * numpy's w multiplies residuals, so this is least squares with weights w² = flip(x / max x): early points
 * weigh most and the last one (the shifted minimum, log 1e-10) gets x[0]/max x, i.e. 0 when x[0] = 0.
 * Because the curve is shifted by its clipped minimum rather than its plateau, the slope overestimates the
 * true rate of an exponential (≈ 1.49× for a uniformly sampled c + A·e^(−kx)); use fitExponentialDecay for
 * an unbiased rate. Returns null for non-finite input, a flat curve, fewer than two points with non-zero
 * weight, or a slope that is not negative (no decrease).
 */
export function sparsificationTimescale(
  times: ArrayLike<number>,
  fractionActiveUnits: ArrayLike<number>,
): SparsificationTimescale | null {
  const n = fractionActiveUnits.length;
  if (times.length !== n) throw new Error(`sparsificationTimescale: ${times.length} times for ${n} values`);
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const v = fractionActiveUnits[i];
    if (!Number.isFinite(v) || !Number.isFinite(times[i])) return null;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (!(max > min)) return null;
  const endVal = max - (max - min) * 0.9;
  let end = 0;
  for (let i = 1; i < n; i++) {
    if (Math.abs(fractionActiveUnits[i] - endVal) < Math.abs(fractionActiveUnits[end] - endVal)) end = i;
  }
  if (end < 2) return null;

  let ymin = Infinity;
  let xmax = -Infinity;
  for (let i = 0; i < end; i++) {
    if (fractionActiveUnits[i] < ymin) ymin = fractionActiveUnits[i];
    if (times[i] > xmax) xmax = times[i];
  }
  const x = new Float64Array(end);
  const logY = new Float64Array(end);
  const weight = new Float64Array(end);
  for (let i = 0; i < end; i++) {
    x[i] = times[i];
    logY[i] = Math.log(fractionActiveUnits[i] - (ymin - 1e-10));
  }
  for (let i = 0; i < end; i++) weight[i] = times[end - 1 - i] / xmax; // = w², w = sqrt(flip(x / max x))
  const b = weightedSlope(x, logY, weight);
  if (!Number.isFinite(b) || b >= 0) return null;
  return { rate: b, logRate: Math.log10(Math.abs(b)), tau: 1 / Math.abs(b), nPoints: end };
}

/** Slope of the weighted least-squares line (weights multiply squared residuals); NaN if undetermined. */
export function weightedSlope(x: Float64Array, y: Float64Array, weight: Float64Array): number {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let used = 0;
  for (let i = 0; i < x.length; i++) {
    const w = weight[i];
    if (!(w >= 0)) return NaN;
    if (w > 0) used++;
    sw += w;
    sx += w * x[i];
    sy += w * y[i];
  }
  if (used < 2) return NaN;
  const mx = sx / sw;
  const my = sy / sw;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - mx;
    sxy += weight[i] * dx * (y[i] - my);
    sxx += weight[i] * dx * dx;
  }
  return sxx > 0 ? sxy / sxx : NaN;
}

export interface ExponentialFit {
  /** Decay rate k > 0 in 1/(time unit) of y = offset + amplitude · exp(−k (t − t0)), t0 = times[0]. */
  rate: number;
  tau: number;
  amplitude: number;
  offset: number;
  /** Root mean squared residual. */
  rmse: number;
}

export interface ExponentialFitOptions {
  /** Fix the plateau (e.g. 0) instead of fitting it. */
  offset?: number;
}

/**
 * Least-squares fit of y = c + A·e^(−k(t − t0)) by variable projection: for each k, c and A are linear and
 * solved exactly; k is found on a log grid spanning 1e-3…1e3 per time span, then refined by golden section.
 * Returns null with fewer than 3 points, non-finite input, or no decay (best A ≤ 0).
 */
export function fitExponentialDecay(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  options: ExponentialFitOptions = {},
): ExponentialFit | null {
  const n = values.length;
  if (times.length !== n) throw new Error(`fitExponentialDecay: ${times.length} times for ${n} values`);
  if (n < 3) return null;
  for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]) || !Number.isFinite(times[i])) return null;
  const t0 = times[0];
  let span = 0;
  for (let i = 0; i < n; i++) span = Math.max(span, Math.abs(times[i] - t0));
  if (!(span > 0)) return null;

  const solve = (k: number): { c: number; a: number; rss: number } => {
    let se = 0, see = 0, sy = 0, sey = 0; // prettier-ignore
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-k * (times[i] - t0));
      se += e;
      see += e * e;
      sy += values[i];
      sey += e * values[i];
    }
    let c: number;
    let a: number;
    if (options.offset !== undefined) {
      c = options.offset;
      a = see > 0 ? (sey - c * se) / see : 0;
    } else {
      const det = n * see - se * se;
      a = det !== 0 ? (n * sey - se * sy) / det : 0;
      c = (sy - a * se) / n;
    }
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const r = values[i] - c - a * Math.exp(-k * (times[i] - t0));
      rss += r * r;
    }
    return { c, a, rss };
  };

  const lo = Math.log(1e-3 / span);
  const hi = Math.log(1e3 / span);
  const grid = 240;
  let best = 0;
  let bestRss = Infinity;
  for (let g = 0; g <= grid; g++) {
    const rss = solve(Math.exp(lo + ((hi - lo) * g) / grid)).rss;
    if (rss < bestRss) {
      bestRss = rss;
      best = g;
    }
  }
  let a = lo + ((hi - lo) * Math.max(0, best - 1)) / grid;
  let b = lo + ((hi - lo) * Math.min(grid, best + 1)) / grid;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 100 && b - a > 1e-12; it++) {
    const m1 = b - phi * (b - a);
    const m2 = a + phi * (b - a);
    if (solve(Math.exp(m1)).rss <= solve(Math.exp(m2)).rss) b = m2;
    else a = m1;
  }
  const k = Math.exp((a + b) / 2);
  const fit = solve(k);
  if (!(fit.a > 0)) return null;
  return { rate: k, tau: 1 / k, amplitude: fit.a, offset: fit.c, rmse: Math.sqrt(fit.rss / n) };
}
