// Ordinary least squares with intercept and the t-test of slope = 0 (the paper's trend statistic, §5.2),
// plus mean ± SEM helpers.
import { studentTTwoSidedP } from './student-t';

export interface LinearFit {
  slope: number;
  intercept: number;
  /** Standard error of the slope. */
  slopeSE: number;
  /** t statistic of slope = 0 and its two-sided p-value (df = n − 2). */
  t: number;
  p: number;
  df: number;
  n: number;
  r2: number;
}

/** Fit y = intercept + slope·x over the pairs where both are finite. NaN fields when n < 3 or x is constant. */
export function linearRegression(x: readonly number[], y: readonly number[]): LinearFit {
  if (x.length !== y.length) throw new Error(`linearRegression: ${x.length} x values for ${y.length} y values`);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  const n = xs.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
    syy += (ys[i] - my) ** 2;
  }
  const df = n - 2;
  if (n < 2 || sxx === 0) return { slope: NaN, intercept: NaN, slopeSE: NaN, t: NaN, p: NaN, df, n, r2: NaN };
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const r2 = syy === 0 ? NaN : 1 - sse / syy;
  if (df < 1) return { slope, intercept, slopeSE: NaN, t: NaN, p: NaN, df, n, r2 };
  const slopeSE = Math.sqrt(sse / df / sxx);
  const t = slopeSE === 0 ? (slope === 0 ? 0 : Math.sign(slope) * Infinity) : slope / slopeSE;
  return { slope, intercept, slopeSE, t, p: studentTTwoSidedP(t, df), df, n, r2 };
}

export function mean(v: readonly number[]): number {
  return v.length === 0 ? NaN : v.reduce((s, x) => s + x, 0) / v.length;
}

/** Mean, sample SD (ddof 1) / √n and n over the finite values. */
export function meanSem(values: readonly number[]): { mean: number; sem: number; n: number } {
  const v = values.filter((x) => Number.isFinite(x));
  const n = v.length;
  const m = mean(v);
  if (n < 2) return { mean: m, sem: NaN, n };
  let ss = 0;
  for (const x of v) ss += (x - m) ** 2;
  return { mean: m, sem: Math.sqrt(ss / (n - 1)) / Math.sqrt(n), n };
}
