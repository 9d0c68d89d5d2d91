import { movingAverageWithinSegments, runningFrames, velocityFromPosition } from './running';

describe('movingAverageWithinSegments', () => {
  it('follows MATLAB movmean for an even window (movmean(1:6, 4) = [1.5 2 2.5 3.5 4.5 5])', () => {
    const v = Float64Array.from([1, 2, 3, 4, 5, 6]);
    const out = movingAverageWithinSegments(v, new Int32Array(6).fill(1), 4);
    expect(Array.from(out)).toEqual([1.5, 2, 2.5, 3.5, 4.5, 5]);
  });

  it('uses an 8-frame window of 4 before and 3 after', () => {
    const v = new Float64Array(20);
    v[10] = 8;
    const out = movingAverageWithinSegments(v, new Int32Array(20).fill(1), 8);
    // sample 10 contributes to t with t−4 ≤ 10 ≤ t+3, i.e. t = 7..14
    for (let t = 0; t < 20; t++) expect(out[t]).toBeCloseTo(t >= 7 && t <= 14 ? 1 : 0, 12);
  });

  it('never averages across a segment boundary', () => {
    const v = Float64Array.from([10, 10, 10, 0, 0, 0]);
    const seg = Int32Array.from([1, 1, 1, 2, 2, 2]);
    expect(Array.from(movingAverageWithinSegments(v, seg, 3))).toEqual([10, 10, 10, 0, 0, 0]);
  });
});

describe('runningFrames', () => {
  it('keeps |smoothed v| ≥ threshold and takes its sign as direction', () => {
    const v = Float64Array.from([2, 2, 2, 0.5, -3, -3]);
    const r = runningFrames(v, Int32Array.from([1, 1, 1, 1, 2, 2]), { threshold: 1, window: 1 });
    expect(Array.from(r.running)).toEqual([1, 1, 1, 0, 1, 1]);
    expect(Array.from(r.direction)).toEqual([1, 1, 1, 1, -1, -1]);
  });
});

describe('velocityFromPosition', () => {
  it('is the forward difference × fps within a segment, the last sample repeating the previous', () => {
    const v = velocityFromPosition(Float64Array.from([0, 1, 3, 10, 9]), Int32Array.from([1, 1, 1, 2, 2]), 20);
    expect(Array.from(v)).toEqual([20, 40, 40, -20, -20]);
  });
});
