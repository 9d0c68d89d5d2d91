// Between-session drift vs elapsed days: per experiment the shared correlationVsLag averages session pairs
// with the same Δdays; experiments of one animal are averaged, then mean ± SEM across animals.
import { correlationVsLag, pairMatrix, type SessionPairCorrelation } from '@driftlab/metrics';
import { mean, meanSem } from '../stats/regression';

export interface ExperimentPairs {
  experiment: string;
  animal: string;
  days: number[];
  pairs: SessionPairCorrelation[];
}

export interface DeltaPoint {
  deltaDays: number;
  mean: number;
  sem: number;
  /** Animals with a value at this Δ. */
  n: number;
}

export interface CorrelationVsDelta {
  pv: DeltaPoint[];
  rateMap: DeltaPoint[];
  /** Per experiment: lag profiles (mean over pairs at each Δ) and every session pair. */
  perExperiment: { experiment: string; animal: string; deltaDays: number[]; pv: number[]; rateMap: number[]; pairs: SessionPairCorrelation[] }[];
}

export function correlationVsDelta(experiments: readonly ExperimentPairs[]): CorrelationVsDelta {
  const perExperiment = experiments.map((e) => {
    const pv = correlationVsLag(pairMatrix(e.pairs, e.days.length, 'pv'), e.days);
    const rm = correlationVsLag(pairMatrix(e.pairs, e.days.length, 'rateMap'), e.days);
    return { experiment: e.experiment, animal: e.animal, deltaDays: pv.lag, pv: pv.mean, rateMap: rm.mean, pairs: e.pairs };
  });
  const aggregate = (field: 'pv' | 'rateMap'): DeltaPoint[] => {
    // animal → Δ → values over its experiments
    const byAnimal = new Map<string, Map<number, number[]>>();
    for (const e of perExperiment) {
      const m = byAnimal.get(e.animal) ?? byAnimal.set(e.animal, new Map()).get(e.animal)!;
      e.deltaDays.forEach((d, k) => (m.get(d) ?? m.set(d, []).get(d)!).push(e[field][k]));
    }
    const deltas = [...new Set(perExperiment.flatMap((e) => e.deltaDays))].sort((a, b) => a - b);
    return deltas.map((d) => {
      const v = [...byAnimal.values()].map((m) => mean((m.get(d) ?? []).filter((x) => Number.isFinite(x))));
      const s = meanSem(v);
      return { deltaDays: d, mean: s.mean, sem: s.sem, n: s.n };
    });
  };
  return { pv: aggregate('pv'), rateMap: aggregate('rateMap'), perExperiment };
}
