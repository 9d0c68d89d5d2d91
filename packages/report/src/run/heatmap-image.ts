// Large heatmaps (hundreds of units × 100 bins, 16 of them) as one embedded PNG each instead of one SVG rect per
// value: the figure stays small and fast to render. Colours come from vega's own scheme so legends match.
import * as zlib from 'zlib';
import { loadVega } from '../vega-loader';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG from row-major pixels (3 bytes each). */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) throw new Error(`encodePng: ${rgb.length} bytes for ${width}×${height} RGB`);
  const raw = Buffer.alloc(height * (1 + width * 3));
  for (let y = 0; y < height; y++) {
    raw[y * (1 + width * 3)] = 0; // filter: none
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([sig, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}

const lutCache = new Map<string, Uint8Array>();

/** 256 RGB entries of a vega continuous scheme (e.g. 'viridis'). */
export function schemeLut(name: string): Uint8Array {
  const hit = lutCache.get(name);
  if (hit) return hit;
  // VegaModule types only what render.ts uses; scheme() is part of vega's public API too.
  const interp = (loadVega().vega as unknown as { scheme(n: string): unknown }).scheme(name) as ((t: number) => string) | undefined;
  if (typeof interp !== 'function') throw new Error(`schemeLut: "${name}" is not a continuous vega scheme`);
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(interp(i / 255)) ?? /#(..)(..)(..)/.exec(interp(i / 255));
    if (!m) throw new Error(`schemeLut: cannot parse colour ${interp(i / 255)}`);
    const base = m[0].startsWith('#') ? 16 : 10;
    for (let k = 0; k < 3; k++) lut[i * 3 + k] = parseInt(m[k + 1], base);
  }
  lutCache.set(name, lut);
  return lut;
}

export interface HeatmapImageOptions {
  lo?: number;
  hi?: number;
  scheme?: string;
  /**
   * Repeat each value into an integer block so both sides reach at least this many pixels: a renderer then
   * scales a sharp image instead of blurring a tiny one (20 bins × 16 units). Default 1 (one pixel per value).
   */
  minPixels?: number;
}

/** Values in [lo, hi] (clamped; NaN drawn white), row-major [rows, cols], as a PNG data URL. */
export function heatmapDataUrl(values: ArrayLike<number>, rows: number, cols: number, o: HeatmapImageOptions = {}): string {
  const lo = o.lo ?? 0;
  const hi = o.hi ?? 1;
  const lut = schemeLut(o.scheme ?? 'viridis');
  const fy = Math.max(1, Math.ceil((o.minPixels ?? 1) / rows));
  const fx = Math.max(1, Math.ceil((o.minPixels ?? 1) / cols));
  const width = cols * fx;
  const rgb = new Uint8Array(rows * fy * width * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      const k = Number.isFinite(v) ? Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo || 1)))) : -1;
      for (let y = r * fy; y < (r + 1) * fy; y++) {
        for (let x = c * fx; x < (c + 1) * fx; x++) {
          const p = (y * width + x) * 3;
          if (k < 0) rgb.fill(255, p, p + 3);
          else rgb.set(lut.subarray(k * 3, k * 3 + 3), p);
        }
      }
    }
  }
  return `data:image/png;base64,${encodePng(width, rows * fy, rgb).toString('base64')}`;
}
