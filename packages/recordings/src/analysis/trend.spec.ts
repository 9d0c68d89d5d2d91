import { trend } from './trend';

describe('trend (hand example)', () => {
  // animal A: experiments A1 (2, 1, 1) → (1, .5, .5) and A2 (4, 4, 2) → (1, 1, .5); animal mean (1, .75, .5)
  // animal B: one experiment (1, 1.5, 2) → (1, 1.5, 2)
  const rows = [
    ...[2, 1, 1].map((value, k) => ({ experiment: 'A1', animal: 'A', session: k + 1, value })),
    ...[4, 4, 2].map((value, k) => ({ experiment: 'A2', animal: 'A', session: k + 1, value })),
    ...[1, 1.5, 2].map((value, k) => ({ experiment: 'B1', animal: 'B', session: k + 1, value })),
  ];
  const t = trend(rows);

  it('normalises per experiment, averages within animal, then mean ± SEM across animals', () => {
    expect(t.perSession.map((p) => p.mean)).toEqual([1, 1.125, 1.25]);
    expect(t.perSession[0].sem).toBe(0);
    // session 2: animals .75 and 1.5 → sd |Δ|/√2 = .53033, SEM = sd/√2 = .375
    expect(t.perSession[1].sem).toBeCloseTo(0.375, 14);
    expect(t.perSession[2].sem).toBeCloseTo(0.75, 14);
    // raw: animal A mean of raw (3, 2.5, 1.5), B (1, 1.5, 2)
    expect(t.perSession.map((p) => p.rawMean)).toEqual([2, 2, 1.75]);
    expect(t.perSession.every((p) => p.n === 2)).toBe(true);
  });

  it('pooled regression over every animal × session (scipy linregress: slope .125, p = .69496…)', () => {
    expect(t.pooled.slope).toBeCloseTo(0.125, 14);
    expect(t.pooled.intercept).toBeCloseTo(0.875, 14);
    expect(t.pooled.slopeSE).toBeCloseTo(0.29646353064078557, 12);
    expect(t.pooled.p).toBeCloseTo(0.6949626527021867, 12);
    expect(t.pooled.n).toBe(6);
  });

  it('per animal and per experiment fits', () => {
    const a = t.perAnimal.find((x) => x.animal === 'A')!;
    expect(a.fit.slope).toBeCloseTo(-0.25, 14);
    expect(a.fit.p).toBe(0); // exactly linear
    const b2 = t.perExperiment.find((x) => x.experiment === 'A2')!;
    expect(b2.fit.slope).toBeCloseTo(-0.25, 14);
    expect(t.ofMeans.slope).toBeCloseTo(0.125, 14);
  });

  it('aligns experiments by session order, not label', () => {
    const r = trend([
      { experiment: 'X', animal: 'X', session: 11, value: 2 },
      { experiment: 'X', animal: 'X', session: 12, value: 1 },
      { experiment: 'Y', animal: 'Y', session: 1, value: 1 },
      { experiment: 'Y', animal: 'Y', session: 2, value: 1 },
    ]);
    expect(r.perSession.map((p) => p.mean)).toEqual([1, 0.75]);
  });
});
