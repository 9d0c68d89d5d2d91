// Vega-Lite spec → SVG (vega, headless, no browser) → PNG (@resvg/resvg-js).
import * as fs from 'fs';
import * as path from 'path';
import { loadVega } from './vega-loader';

export type VegaLiteSpec = Record<string, unknown>;

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const { vega, vl } = loadVega();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function svgToPng(svg: string, scale = 2): Uint8Array {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true } });
  return r.render().asPng();
}

/** Write <base>.svg and <base>.png (and <base>.vl.json, the spec); returns the paths written. */
export async function writeFigure(spec: VegaLiteSpec, base: string): Promise<string[]> {
  fs.mkdirSync(path.dirname(base), { recursive: true });
  const svg = await renderSvg(spec);
  const files = [`${base}.svg`, `${base}.png`, `${base}.vl.json`];
  fs.writeFileSync(files[0], svg);
  fs.writeFileSync(files[1], svgToPng(svg));
  fs.writeFileSync(files[2], `${JSON.stringify(spec, null, 1)}\n`);
  return files;
}
