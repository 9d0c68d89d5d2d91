import { linearTrackStates, trackStateCount } from './track-states';

describe('linearTrackStates', () => {
  const o = { nBins: 24, keepFrom: 3, keepTo: 22 };
  it('has 40 states for the Ziv binning', () => expect(trackStateCount(o)).toBe(40));

  it('bins by ceil((pos − lo)/(hi − lo)·24), keeps 3..22 and offsets the negative direction by 20', () => {
    // range [0, 1]: pos 0.1 → ceil(2.4) = 3 → state 0; 0.5 → 12 → 9; 0.9 → ceil(21.6) = 22 → 19;
    // 0.95 → 23 dropped; 0 → bin 0 → 1 dropped; 0.05 → ceil(1.2) = 2 dropped.
    const pos = Float64Array.from([0.1, 0.5, 0.9, 0.95, 0, 0.05, 0.5, 0.1]);
    const dir = Int8Array.from([1, 1, 1, 1, 1, 1, -1, -1]);
    const s = linearTrackStates(pos, dir, new Int32Array(8).fill(1), () => [0, 1], o);
    expect(Array.from(s)).toEqual([0, 9, 19, -1, -1, -1, 29, 20]);
  });

  it('uses each segment its own range and drops samples without direction', () => {
    const pos = Float64Array.from([5, 5, 5]);
    const s = linearTrackStates(pos, Int8Array.from([1, 1, 0]), Int32Array.from([1, 2, 2]), (seg) => (seg === 1 ? [0, 10] : [-10, 10]), o);
    // seg 1: 0.5·24 = 12 → 9; seg 2: 15/20·24 = 18 → 15; direction 0 → −1
    expect(Array.from(s)).toEqual([9, 15, -1]);
  });
});
