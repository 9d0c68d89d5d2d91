import { binEdges, binIndex, rateMaps } from './rate-maps';
import { recordingOf } from './__fixtures__/recordings';

describe('rateMaps (scipy binned_statistic semantics)', () => {
  it('bins equal widths over [min, max] with the last bin closed', () => {
    const edges = binEdges(Float64Array.from([0, 2.5, 5]), 2);
    expect(Array.from(edges)).toEqual([0, 2.5, 5]);
    expect([0, 2.4, 2.5, 5, 5.1, -0.1, NaN].map((v) => binIndex(edges, v))).toEqual([0, 0, 1, 1, -1, -1, -1]);
    // all positions equal: scipy widens the range by ±0.5
    expect(Array.from(binEdges(Float64Array.from([3, 3]), 2))).toEqual([2.5, 3, 3.5]);
  });

  it('mean activity per bin and occupancy counts', () => {
    const rec = recordingOf(
      [
        [1, 1, 1, 0, 0, 0],
        [2, 2, 2, 2, 2, 2],
        [1, 2, 3, 4, 5, 6],
      ],
      [0, 1, 2, 3, 4, 5],
    );
    const rm = rateMaps(rec, { nBins: 2 });
    expect(Array.from(rm.edges)).toEqual([0, 2.5, 5]);
    expect(Array.from(rm.occupancy)).toEqual([3, 3]);
    expect(Array.from(rm.maps)).toEqual([1, 0, 2, 2, 2, 5]);
    expect(rm.nUnits).toBe(3);
    expect(rm.nBins).toBe(2);
  });

  it('empty bins and non-finite means become 0', () => {
    const rec = recordingOf(
      [
        [1, 1, 1, 4],
        [Infinity, 1, 1, NaN],
      ],
      [0, 0, 0, 9],
    );
    const rm = rateMaps(rec, { nBins: 3 });
    expect(Array.from(rm.occupancy)).toEqual([3, 0, 1]);
    expect(Array.from(rm.maps)).toEqual([1, 0, 4, 0, 0, 0]);
  });

  it('separates directions when directional (signed positions)', () => {
    // up 0→3 then down 2→1: signed = [0, 1, 2, 3, −2, −1]; edges [−2, 0.5, 3]
    const rec = recordingOf([[0, 1, 1, 1, 0, 0]], [0, 1, 2, 3, 2, 1], { directional: true });
    const rm = rateMaps(rec, { nBins: 2 });
    expect(Array.from(rm.edges)).toEqual([-2, 0.5, 3]);
    expect(Array.from(rm.occupancy)).toEqual([3, 3]);
    expect(Array.from(rm.maps)).toEqual([0, 1]);
    const flat = rateMaps(rec, { nBins: 2, directional: false });
    expect(Array.from(flat.edges)).toEqual([0, 1.5, 3]);
    expect(Array.from(flat.maps)).toEqual([1 / 3, 2 / 3]);
  });

  it('uses only included samples', () => {
    const rec = recordingOf([[5, 1, 1, 7]], [0, 1, 2, 3], { include: Uint8Array.from([0, 1, 1, 0]) });
    const rm = rateMaps(rec, { nBins: 2 });
    expect(Array.from(rm.edges)).toEqual([1, 1.5, 2]);
    expect(Array.from(rm.occupancy)).toEqual([1, 1]);
    expect(Array.from(rm.maps)).toEqual([1, 1]);
  });

  it('matches scipy on a back-and-forth run (oracle from binned_statistic)', () => {
    const up = [0, 0.083333, 0.166667, 0.25, 0.333333, 0.416667, 0.5, 0.583333, 0.666667, 0.75, 0.833333, 0.916667, 1];
    const down = [0.916667, 0.833333, 0.75, 0.666667, 0.583333, 0.5, 0.416667, 0.333333, 0.25, 0.166667, 0.083333, 0];
    const act = Array.from({ length: 25 }, (_, t) => Math.max(0, Math.sin(t * 0.7)));
    const rm = rateMaps(recordingOf([act], [...up, ...down], { directional: true }), { nBins: 5 });
    const edges = [-0.916667, -0.5333336, -0.15000020000000003, 0.23333320000000002, 0.6166666, 1];
    edges.forEach((e, i) => expect(rm.edges[i]).toBeCloseTo(e, 15));
    expect(Array.from(rm.occupancy)).toEqual([5, 5, 5, 5, 5]);
    const mean = [0.06381967246987043, 0.5685330706002493, 0.3259334834452302, 0.2396395033609558, 0.5033135282336841];
    mean.forEach((m, i) => expect(rm.maps[i]).toBeCloseTo(m, 14));
  });
});
