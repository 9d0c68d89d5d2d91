import { rateMaps } from './rate-maps';
import { meanPlaceSI, placeUnitMask, skaggsSI } from './spatial-information';
import { recordingOf } from './__fixtures__/recordings';

describe('Skaggs spatial information', () => {
  it('1 bit for a unit active in one of two equally occupied bins, 0 for a uniform unit, NaN for a silent one', () => {
    const maps = Float64Array.from([1, 0, 2, 2, 0, 0]);
    const si = skaggsSI(maps, Float64Array.from([3, 3]), 3, 2);
    expect(si[0]).toBeCloseTo(1, 15);
    expect(si[1]).toBe(0);
    expect(si[2]).toBeNaN();
  });

  it('2 bits for one of four equally occupied bins; log2(1/p) in general', () => {
    const si = skaggsSI(Float64Array.from([0, 0, 5, 0]), Float64Array.from([2, 2, 2, 2]), 1, 4);
    expect(si[0]).toBeCloseTo(2, 14);
    // unequal occupancy: p = [0.75, 0, 0.25] (empty bin contributes 0), unit active only in bin 0
    // r̄ = 0.75, SI = 0.75 · (1/0.75) · log2(1/0.75) = log2(4/3)
    const si2 = skaggsSI(Float64Array.from([1, 0, 0]), Float64Array.from([3, 0, 1]), 1, 3);
    expect(si2[0]).toBeCloseTo(Math.log2(4 / 3), 15);
  });

  it('two-level map: SI = Σ p (r/r̄) log2(r/r̄) by hand', () => {
    // p = [0.5, 0.5], r = [3, 1], r̄ = 2: 0.5·1.5·log2 1.5 + 0.5·0.5·log2 0.5
    const expected = 0.75 * Math.log2(1.5) - 0.25;
    expect(skaggsSI(Float64Array.from([3, 1]), Float64Array.from([1, 1]), 1, 2)[0]).toBeCloseTo(expected, 15);
  });

  it('matches the scipy/numpy reference on a back-and-forth run', () => {
    const up = [0, 0.083333, 0.166667, 0.25, 0.333333, 0.416667, 0.5, 0.583333, 0.666667, 0.75, 0.833333, 0.916667, 1];
    const down = [0.916667, 0.833333, 0.75, 0.666667, 0.583333, 0.5, 0.416667, 0.333333, 0.25, 0.166667, 0.083333, 0];
    const act = Array.from({ length: 25 }, (_, t) => Math.max(0, Math.sin(t * 0.7)));
    const rm = rateMaps(recordingOf([act], [...up, ...down], { directional: true }), { nBins: 5 });
    expect(skaggsSI(rm.maps, rm.occupancy, 1, 5)[0]).toBeCloseTo(0.2409428534717469, 13);
  });

  it('place units are SI > threshold; mean SI over them', () => {
    const si = Float64Array.from([1, 0, NaN, 0.02, 0.01]);
    const mask = placeUnitMask(si);
    expect(Array.from(mask)).toEqual([1, 0, 0, 1, 0]);
    expect(Array.from(placeUnitMask(si, 0.5))).toEqual([1, 0, 0, 0, 0]);
    expect(meanPlaceSI(si, mask)).toBeCloseTo(0.51, 15);
    expect(meanPlaceSI(si, new Uint8Array(5))).toBeNaN();
  });
});
