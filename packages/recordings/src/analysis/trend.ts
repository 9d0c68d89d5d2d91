// Trend analysis as in the paper (§5.2): each experiment normalised to its first session, experiments of one
// animal averaged, mean ± SEM across animals per session, and a linear regression with a t-test of slope = 0
// (pooled over animals and per animal). x is the session index (1-based), so slopes are per session.
import { linearRegression, mean, meanSem, type LinearFit } from '../stats/regression';

export interface TrendInput {
  experiment: string;
  animal: string;
  session: number;
  value: number;
}

export interface TrendPoint {
  /** 1-based session index within each experiment. */
  session: number;
  /** Mean ± SEM across animals of the normalised value (1 at session 1). */
  mean: number;
  sem: number;
  /** Mean ± SEM across animals of the raw value. */
  rawMean: number;
  rawSem: number;
  /** Animals with a value at this session. */
  n: number;
}

export interface Trend {
  perSession: TrendPoint[];
  /** Regression of every animal's normalised values on session index (points pooled over animals). */
  pooled: LinearFit;
  /** Regression of the across-animal means on session index. */
  ofMeans: LinearFit;
  perAnimal: { animal: string; fit: LinearFit }[];
  perExperiment: { experiment: string; fit: LinearFit }[];
}

/** Per animal: session index → normalised and raw values averaged over its experiments. */
export function perAnimalSeries(rows: readonly TrendInput[]): Map<string, { norm: number[][]; raw: number[][] }> {
  const byExp = new Map<string, TrendInput[]>();
  for (const r of rows) {
    if (!byExp.has(r.experiment)) byExp.set(r.experiment, []);
    byExp.get(r.experiment)!.push(r);
  }
  const animals = new Map<string, { norm: number[][]; raw: number[][] }>();
  for (const exp of byExp.values()) {
    exp.sort((a, b) => a.session - b.session);
    const first = exp[0].value;
    const a = exp[0].animal;
    if (!animals.has(a)) animals.set(a, { norm: [], raw: [] });
    const s = animals.get(a)!;
    exp.forEach((r, k) => {
      (s.norm[k] ??= []).push(first !== 0 && Number.isFinite(first) ? r.value / first : NaN);
      (s.raw[k] ??= []).push(r.value);
    });
  }
  return animals;
}

export function trend(rows: readonly TrendInput[]): Trend {
  const animals = perAnimalSeries(rows);
  const nSessions = Math.max(0, ...[...animals.values()].map((s) => s.norm.length));
  const animalNorm = new Map<string, number[]>();
  const animalRaw = new Map<string, number[]>();
  for (const [a, s] of animals) {
    animalNorm.set(a, s.norm.map(finiteMean));
    animalRaw.set(a, s.raw.map(finiteMean));
  }
  const perSession: TrendPoint[] = [];
  const px: number[] = [];
  const py: number[] = [];
  for (let k = 0; k < nSessions; k++) {
    const nv = [...animalNorm.values()].map((v) => v[k] ?? NaN);
    const rv = [...animalRaw.values()].map((v) => v[k] ?? NaN);
    const ns = meanSem(nv);
    const rs = meanSem(rv);
    perSession.push({ session: k + 1, mean: ns.mean, sem: ns.sem, rawMean: rs.mean, rawSem: rs.sem, n: ns.n });
    for (const v of nv) {
      px.push(k + 1);
      py.push(v);
    }
  }
  const byExp = new Map<string, TrendInput[]>();
  for (const r of rows) (byExp.get(r.experiment) ?? byExp.set(r.experiment, []).get(r.experiment)!).push(r);
  return {
    perSession,
    pooled: linearRegression(px, py),
    ofMeans: linearRegression(
      perSession.map((p) => p.session),
      perSession.map((p) => p.mean),
    ),
    perAnimal: [...animalNorm].map(([animal, v]) => ({ animal, fit: linearRegression(v.map((_, k) => k + 1), v) })),
    perExperiment: [...byExp].map(([experiment, r]) => {
      const sorted = [...r].sort((a, b) => a.session - b.session);
      const first = sorted[0].value;
      return { experiment, fit: linearRegression(sorted.map((_, k) => k + 1), sorted.map((x) => x.value / first)) };
    }),
  };
}

function finiteMean(v: readonly number[] | undefined): number {
  if (!v) return NaN;
  return mean(v.filter((x) => Number.isFinite(x)));
}
