import { activeFraction, activeUnitFraction, activeUnitMask, includedCount } from './activity';
import { recordingFromHidden } from './recording';
import { recordingOf } from './__fixtures__/recordings';

describe('activity metrics', () => {
  // 2 units × 6 samples: unit 0 active at t = 1 and t = 3, unit 1 never.
  const units = [
    [0, 1, 0, 2, 0, 0],
    [0, 0, 0, 0, 0, 0],
  ];
  const pos = [0, 1, 2, 3, 4, 5];

  it('active fraction is the mean of 1[a > 0] over all entries', () => {
    const rec = recordingOf(units, pos);
    expect(activeFraction(rec)).toBeCloseTo(2 / 12, 15);
    expect(Array.from(activeUnitMask(rec))).toEqual([1, 0]);
    expect(activeUnitFraction(rec)).toBe(0.5);
  });

  it('negative values are not activity', () => {
    const rec = recordingOf([[-1, -2, 0], [0, 3, -1]], [0, 1, 2]);
    expect(activeFraction(rec)).toBeCloseTo(1 / 6, 15);
    expect(Array.from(activeUnitMask(rec))).toEqual([0, 1]);
  });

  it('respects include: excluded samples count neither as entries nor as activity', () => {
    const dropT3 = recordingOf(units, pos, { include: Uint8Array.from([1, 1, 1, 0, 1, 1]) });
    expect(includedCount(dropT3)).toBe(5);
    expect(activeFraction(dropT3)).toBeCloseTo(1 / 10, 15);
    expect(activeUnitFraction(dropT3)).toBe(0.5);
    const dropBoth = recordingOf(units, pos, { include: Uint8Array.from([1, 0, 1, 0, 1, 1]) });
    expect(activeFraction(dropBoth)).toBe(0);
    expect(activeUnitFraction(dropBoth)).toBe(0);
  });

  it('works on a model layer laid out samples × units', () => {
    // samples × units row-major: sample t holds [unit0, unit1].
    const hidden = Float32Array.from([0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0]);
    const rec = recordingFromHidden(hidden, 6, 2, Float64Array.from(pos), false, 7);
    expect(Array.from(rec.activity)).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(rec.time).toBe(7);
    expect(activeFraction(rec)).toBeCloseTo(2 / 12, 15);
  });
});
