import * as zlib from 'zlib';
import { gaussianSmoothMaps } from '@driftlab/metrics';
import { renderSvg } from '../render';
import { gridCell, gridSnapshotIndices, peakBins, rateMapGrid, sortUnitsByPeak } from './rate-map-grid';
import { encodePng, heatmapDataUrl, schemeLut } from './heatmap-image';
import { rateMapGridSpec } from './run-specs';
import { SYN, bumpMaps } from './__fixtures__/synthetic-run';

describe('gridSnapshotIndices', () => {
  it('is int(linspace(0.1T, T−1, 4)) as in the paper script, without duplicates', () => {
    expect(gridSnapshotIndices(51)).toEqual([5, 20, 35, 50]); // 5.1, 20.4, 35.7, 50
    expect(gridSnapshotIndices(21)).toEqual([2, 8, 14, 20]); // 2.1, 8.4, 14.7, 20
    expect(gridSnapshotIndices(6)).toEqual([0, 2, 3, 5]); // 0.6, 2.07, 3.53, 5
    expect(gridSnapshotIndices(3)).toEqual([0, 1, 2]); // 0.3, 0.87, 1.43, 2
    expect(gridSnapshotIndices(1)).toEqual([0]);
    expect(gridSnapshotIndices(0)).toEqual([]);
  });
});

describe('sorting by peak', () => {
  it('takes the first maximum and breaks ties by unit index', () => {
    const maps = Float64Array.from([0, 2, 2, 1, /* u1 */ 5, 0, 0, 0, /* u2 */ 0, 0, 0, 3, /* u3 */ 1, 4, 0, 4]);
    const peaks = peakBins(maps, 4, 4);
    expect(Array.from(peaks)).toEqual([1, 0, 3, 1]);
    expect(sortUnitsByPeak(peaks, Uint8Array.from([1, 1, 1, 1]))).toEqual([1, 0, 3, 2]);
    expect(sortUnitsByPeak(peaks, Uint8Array.from([1, 0, 1, 1]))).toEqual([0, 3, 2]);
  });

  it('orders each row by the place units of its own snapshot (constructed bumps)', () => {
    const picks = gridSnapshotIndices(SYN.steps.length);
    expect(picks).toEqual([0, 1, 2, 4]);
    const snaps = picks.map((t) => ({ step: SYN.steps[t], maps: bumpMaps(SYN.peaks[t]), si: Float64Array.from(SYN.si[t]) }));
    const grid = rateMapGrid(snaps, { nUnits: SYN.nUnits, nBins: SYN.nBins });
    expect(grid.steps).toEqual([0, 100, 200, 400]);
    expect(grid.sigmaBins).toBeCloseTo(0.48, 15);
    // peaks [6,1,3] → units 1,2,0; [5,2,3] with unit 2 not a place unit → 1,0; [4,2,7] → 1,0,2; [3,0,6] → 1,0,2
    expect(grid.rows.map((r) => r.units)).toEqual([[1, 2, 0], [1, 0], [1, 0, 2], [1, 0, 2]]);
    expect(grid.rows.map((r) => r.peaks)).toEqual([[1, 3, 6], [2, 5], [2, 4, 7], [0, 3, 6]]);
    expect(grid.rows.map((r) => r.sortStep)).toEqual([0, 100, 200, 400]);

    // Cell (row 1, column 3): units 1 and 0 as they are at step 400, smoothed and divided by their max.
    const cell = gridCell(grid, 1, 3);
    const smooth = gaussianSmoothMaps(bumpMaps(SYN.peaks[4]), SYN.nUnits, SYN.nBins, 0.48);
    [1, 0].forEach((u, i) => {
      const row = smooth.subarray(u * SYN.nBins, (u + 1) * SYN.nBins);
      const max = Math.max(...row);
      for (let b = 0; b < SYN.nBins; b++) expect(cell[i * SYN.nBins + b]).toBeCloseTo(row[b] / max, 14);
    });
    expect(cell.length).toBe(2 * SYN.nBins);
  });

  it('rejects snapshots of the wrong shape', () => {
    expect(() => rateMapGrid([{ step: 0, maps: new Float64Array(5), si: new Float64Array(3) }], { nUnits: 3, nBins: 8 })).toThrow(/not 3 units × 8 bins/);
  });
});

/** Decode an 8-bit RGB PNG written by encodePng (filter 0 rows only). */
function decodePng(url: string): { width: number; height: number; rgb: Buffer } {
  const b = Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const idatLen = b.readUInt32BE(33);
  expect(b.toString('ascii', 37, 41)).toBe('IDAT');
  const raw = zlib.inflateSync(b.subarray(41, 41 + idatLen));
  const rgb = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) raw.copy(rgb, y * width * 3, y * (width * 3 + 1) + 1, (y + 1) * (width * 3 + 1));
  return { width, height, rgb };
}

describe('heatmap images', () => {
  it('encodes values with the vega viridis colours, NaN white, blocks repeated to minPixels', () => {
    const lut = schemeLut('viridis');
    expect(Array.from(lut.subarray(0, 3))).toEqual([68, 1, 84]);
    expect(Array.from(lut.subarray(255 * 3))).toEqual([253, 231, 37]);
    const { width, height, rgb } = decodePng(heatmapDataUrl([0, 1, NaN, 2], 2, 2, { minPixels: 5 }));
    expect([width, height]).toEqual([6, 6]); // 3 × 3 blocks
    const px = (x: number, y: number) => Array.from(rgb.subarray((y * width + x) * 3, (y * width + x) * 3 + 3));
    expect(px(0, 0)).toEqual([68, 1, 84]);
    expect(px(2, 2)).toEqual([68, 1, 84]);
    expect(px(3, 0)).toEqual([253, 231, 37]);
    expect(px(0, 3)).toEqual([255, 255, 255]);
    expect(px(5, 5)).toEqual([253, 231, 37]); // 2 clamped to hi = 1
    expect(() => encodePng(2, 2, new Uint8Array(3))).toThrow(/3 bytes for 2×2/);
  });

  it('renders the 4 × 4 grid as images with row and column headers', async () => {
    const snaps = [0, 1, 2, 4].map((t) => ({ step: SYN.steps[t], maps: bumpMaps(SYN.peaks[t]), si: Float64Array.from(SYN.si[t]) }));
    const spec = rateMapGridSpec(rateMapGrid(snaps, { nUnits: SYN.nUnits, nBins: SYN.nBins }));
    const values = (spec.data as { values: { r: number; c: number; units: number; url: string }[] }).values;
    expect(values).toHaveLength(16);
    expect(values.filter((v) => v.r === 1).every((v) => v.units === 2)).toBe(true);
    const svg = await renderSvg(spec);
    expect(svg.match(/<image /g)).toHaveLength(16);
    expect(svg).toContain('sorted at step 100');
    expect(svg).toContain('2 place units');
    expect(svg).toContain('step 400');
  });
});
