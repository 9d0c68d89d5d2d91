import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadVega } from './vega-loader';
import { renderSvg, svgToPng, writeFigure } from './render';
import { trendSpec } from './figures/trend-spec';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('rendering without a browser', () => {
  it('loads vega 6 and vega-lite 6.5 from their UMD builds on this node', () => {
    const { vega, vl } = loadVega();
    expect(vega.version).toMatch(/^6\./);
    expect(vl.version).toMatch(/^6\.5/);
    expect(process.versions.node).toBeDefined();
  });

  it('renders a trend spec to SVG with its marks, labels and error bars', async () => {
    const spec = trendSpec({
      title: 'Fraction of active cells',
      xTitle: 'session',
      yTitle: 'normalised',
      series: [{ label: 'CA1', points: [{ x: 1, mean: 1, sem: 0 }, { x: 2, mean: 0.9, sem: 0.05 }, { x: 3, mean: NaN }] }],
      reference: 1,
    });
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Fraction of active cells');
    expect(svg).toContain('session');
    // two points (the NaN one is dropped) → two symbols in the line's point layer
    const group = svg.slice(svg.indexOf('class="mark-symbol role-mark'));
    expect((group.slice(0, group.indexOf('</g>')).match(/<path/g) ?? []).length).toBe(2);
    const png = svgToPng(svg);
    expect(Array.from(png.subarray(0, 8))).toEqual(PNG_MAGIC);
  });

  it('writes svg, png and the spec', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'driftlab-report-'));
    try {
      const files = await writeFigure(trendSpec({ title: 't', xTitle: 'x', yTitle: 'y', series: [{ label: 'a', points: [{ x: 0, mean: 1 }] }] }), path.join(dir, 'sub', 'fig'));
      expect(files.map((f) => path.basename(f))).toEqual(['fig.svg', 'fig.png', 'fig.vl.json']);
      for (const f of files) expect(fs.statSync(f).size).toBeGreaterThan(100);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
