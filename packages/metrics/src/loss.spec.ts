import { convergedAtStep, normalizedLoss } from './loss';

describe('normalizedLoss', () => {
  it('divides by the unbiased variance of all entries of y', () => {
    const y = [1, 2, 3, 4]; // mean 2.5, Σ(y − ȳ)² = 5, var = 5/3
    expect(normalizedLoss(5 / 3, y)).toBeCloseTo(1, 15);
    expect(normalizedLoss(1, Float64Array.from(y))).toBeCloseTo(0.6, 15);
    expect(normalizedLoss(1, [1])).toBeNaN();
  });
});

describe('convergedAtStep', () => {
  const steps = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];
  const loss = [100, 50, 10, 3, 1.5, 1.1, 1, 1, 1.2, 0.9];

  it('first step with loss ≤ factor × median of the last quarter', () => {
    // tail = ceil(0.25 · 10) = 3 → [1, 1.2, 0.9], median 1
    expect(convergedAtStep(steps, loss)).toEqual({ step: 40, index: 4, plateau: 1 });
    expect(convergedAtStep(steps, loss, { factor: 4 }).step).toBe(30);
    expect(convergedAtStep(steps, loss, { factor: 1 }).step).toBe(60);
    // tail 0.5 → last 5 = [1.1, 1, 1, 1.2, 0.9], median 1
    expect(convergedAtStep(steps, loss, { tailFraction: 0.5 }).plateau).toBe(1);
  });

  it('ignores non-finite losses; empty series gives null', () => {
    const withNaN = [...loss.slice(0, 9), NaN];
    expect(convergedAtStep(steps, withNaN).plateau).toBe(1.1); // median of [1, 1.2]
    expect(convergedAtStep([], [])).toEqual({ step: null, index: -1, plateau: NaN });
  });
});
